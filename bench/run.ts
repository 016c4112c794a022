// `npm run bench`: each line is a ratio against a baseline measured in the same run on the same
// input; absolute numbers follow only as context. Exits 1 when a hard limit is broken.
// `npm run bench -- activation` runs only the activation bench (a real extension host, ~1 minute).
import { benchActivation } from './activation';
import { benchAttestation } from './attestation';
import { benchChatRelay, benchStreamHeap } from './chatRelay';
import { benchHostile } from './hostile';
import { benchExplorer } from './explorer';
import { benchLint } from './lint';
import { benchPlaygroundRender } from './playgroundRender';
import { benchSigning } from './signing';
import { benchSse } from './sse';

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${process.arch}; medians of alternating rounds\n`);
  if (process.argv.includes('activation')) {
    await benchActivation();
    return;
  }
  await benchSse();
  await benchChatRelay();
  await benchSigning();
  await benchLint();
  await benchAttestation();
  const heapOk = await benchStreamHeap();
  if (!heapOk) process.exitCode = 1;
  if (!(await benchHostile())) process.exitCode = 1;
  await benchActivation();
  if (!(await benchExplorer())) process.exitCode = 1;
  if (!(await benchPlaygroundRender())) process.exitCode = 1;
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
