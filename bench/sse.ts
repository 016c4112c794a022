// SSE parse throughput: our SseParser against the eventsource-parser package on the same bytes.
import { createParser } from 'eventsource-parser';
import { SseParser } from '../src/core/api/sse';
import { compare, report } from './measure';

/** Realistic chat-completion SSE, cut into 16 KiB network-sized chunks. */
export function chatStream(totalBytes: number, chunkSize = 16 * 1024, done = true): Uint8Array[] {
  const events: string[] = [];
  let size = 0;
  for (let i = 0; size < totalBytes; i++) {
    const chunk = {
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 1_716_200_000,
      model: 'unsloth/Llama-3.2-1B-Instruct',
      choices: [{ index: 0, delta: { content: ` token${i} ünïcödé` }, finish_reason: null }],
    };
    const event = `data: ${JSON.stringify(chunk)}\n\n`;
    events.push(event);
    size += Buffer.byteLength(event);
  }
  if (done) events.push('data: [DONE]\n\n');
  const bytes = Buffer.from(events.join(''));
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return chunks;
}

export async function benchSse(): Promise<void> {
  const megabytes = 16;
  const chunks = chatStream(megabytes * 1024 * 1024);
  // Both sides read every event's data, and must agree on how much there was.
  let expected = '';
  const theirs = () => {
    let count = 0;
    let chars = 0;
    const decoder = new TextDecoder();
    const parser = createParser({
      onEvent: (event) => {
        count++;
        chars += event.data.length;
      },
    });
    for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
    expected ||= `${count} events, ${chars} chars`;
  };
  const ours = () => {
    let count = 0;
    let chars = 0;
    const parser = new SseParser();
    for (const chunk of chunks) {
      for (const item of parser.feed(chunk)) {
        if (item.type !== 'event') continue;
        count++;
        chars += item.data.length;
      }
    }
    const seen = `${count} events, ${chars} chars`;
    if (seen !== expected) throw new Error(`SseParser saw ${seen}, eventsource-parser ${expected}`);
  };
  report('SSE parse', await compare(7, { name: 'eventsource-parser', run: theirs }, { name: 'SseParser', run: ours }), {
    amount: megabytes,
    label: 'MB',
  });
}
