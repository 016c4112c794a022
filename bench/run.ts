// `npm run bench`: each line is a ratio against a baseline measured in the same run on the same
// input; absolute numbers follow only as context. Exits 1 when a hard limit is broken.
import { benchChatRelay, benchStreamHeap } from './chatRelay';
import { benchLint } from './lint';
import { benchPlaygroundRender } from './playgroundRender';
import { benchSigning } from './signing';
import { benchSse } from './sse';

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${process.arch}; medians of alternating rounds\n`);
  await benchSse();
  await benchChatRelay();
  await benchSigning();
  await benchLint();
  const heapOk = await benchStreamHeap();
  if (!heapOk) process.exitCode = 1;
  if (!(await benchPlaygroundRender())) process.exitCode = 1;
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
