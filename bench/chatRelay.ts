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
  const { server, port } = await serve(chatStream(megabytes * 1024 * 1024));
  const chutes = client(port);
  try {
    const raw = async () => {
      const res = await request(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: 'llm.bench.test', 'content-type': 'application/json' },
        body: JSON.stringify({ ...chatBody, stream: true }),
      });
      for await (const _ of res.body) void _;
    };
    const relayed = async () => {
      let chunks = 0;
      for await (const _ of chutes.streamChat(chatBody)) chunks++;
      if (!chunks) throw new Error('no chunks relayed');
    };
    report(
      'Streamed chat relay',
      await compare(5, { name: 'raw undici read', run: raw }, { name: 'ChutesClient.streamChat', run: relayed }),
      { amount: megabytes, label: 'MB' },
    );
  } finally {
    await chutes.close();
    server.close();
  }
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
