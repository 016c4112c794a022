// Streamed chat through ChutesClient (HTTP, SSE parsing, JSON per chunk) against a raw undici read
// of the same bytes from the same local server; and the client's heap while it streams 50 MB.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { ChutesClient } from '../src/core/api/client';
import { compare, report } from './measure';
import { chatStream } from './sse';

const FAKE_KEY = `cpk_${'0'.repeat(32)}.${'1'.repeat(32)}.${'Bench'.repeat(6)}xx`;

async function serve(chunks: Uint8Array[]): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const chunk of chunks) {
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function client(port: number): ChutesClient {
  return new ChutesClient({
    apiBaseUrl: 'http://api.bench.test',
    platformDomain: 'bench.test',
    connectTo: `127.0.0.1:${port}`,
    auth: async () => ({ kind: 'apiKey', apiKey: FAKE_KEY }),
  });
}

const chatBody = { model: 'unsloth/Llama-3.2-1B-Instruct', messages: [{ role: 'user', content: 'hi' }] };

export async function benchChatRelay(): Promise<void> {
  const megabytes = 8;
  const input = chatStream(megabytes * 1024 * 1024);
  const { server, port } = await serve(input);
  const expected = countEvents(input) - 1; // all but [DONE]
  const chutes = client(port);
  try {
    // The raw read, optionally with the work no relay can skip: decoding, finding each event
    // (here with a split that fits only this input) and JSON.parse of every chunk.
    const read = async (parse: boolean) => {
      const res = await request(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: 'llm.bench.test', 'content-type': 'application/json' },
        body: JSON.stringify({ ...chatBody, stream: true }),
      });
      const decoder = new TextDecoder();
      let rest = '';
      let parsed = 0;
      for await (const bytes of res.body) {
        if (!parse) continue;
        const text = rest + decoder.decode(bytes as Uint8Array, { stream: true });
        let start = 0;
        for (let end = text.indexOf('\n\n'); end >= 0; start = end + 2, end = text.indexOf('\n\n', start)) {
          const data = text.slice(start + 'data: '.length, end);
          if (data !== '[DONE]' && JSON.parse(data)) parsed++;
        }
        rest = text.slice(start);
      }
      if (parse && parsed !== expected) throw new Error(`parsed ${parsed} chunks of ${expected}`);
    };
    const relayed = async () => {
      let chunks = 0;
      for await (const _ of chutes.streamChat(chatBody)) chunks++;
      if (chunks !== expected) throw new Error(`relayed ${chunks} chunks of ${expected}`);
    };
    const candidate = { name: 'ChutesClient.streamChat', run: relayed };
    const unit = { amount: megabytes, label: 'MB' };
    report('Streamed chat relay', await compare(5, { name: 'raw undici read', run: () => read(false) }, candidate), unit);
    report('Streamed chat relay', await compare(5, { name: 'raw read + JSON.parse per chunk', run: () => read(true) }, candidate), unit);
  } finally {
    await chutes.close();
    server.close();
  }
}

function countEvents(chunks: Uint8Array[]): number {
  const text = Buffer.concat(chunks).toString();
  let count = 0;
  for (let at = text.indexOf('\n\n'); at >= 0; at = text.indexOf('\n\n', at + 2)) count++;
  return count;
}

/** Heap growth while streaming 50 MB through the client; fails the bench above 10 MB. */
export async function benchStreamHeap(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const megabytes = 50;
  const limit = 10 * 1024 * 1024;
  // The server repeats one 1 MB block so its own memory stays small.
  const block = chatStream(1024 * 1024, 64 * 1024, false);
  const chunks = Array.from({ length: megabytes }, () => block).flat();
  chunks.push(Buffer.from('data: [DONE]\n\n'));
  const { server, port } = await serve(chunks);
  const chutes = client(port);
  try {
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let seen = 0;
    for await (const _ of chutes.streamChat(chatBody)) {
      if (++seen % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    gc();
    const after = process.memoryUsage().heapUsed - before;
    const growth = Math.max(peak, after);
    const ok = growth < limit;
    console.log(
      `Heap growth streaming ${megabytes} MB of SSE: ${(growth / 1024 / 1024).toFixed(2)} MB (limit 10 MB) ${ok ? 'OK' : 'OVER LIMIT'}  (${seen} chunks)`,
    );
    return ok;
  } finally {
    await chutes.close();
    server.close();
  }
}
