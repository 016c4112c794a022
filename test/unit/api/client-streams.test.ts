// Wire-level tests of the streaming calls, timeouts and cancellation, against a real HTTP server.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { ClientConfig } from '../../../src/core/api/client';
import { CancelledError, MalformedResponseError, StreamError, TimeoutError } from '../../../src/core/api/errors';
import { collect, type Handler, sendJson, sleep, startServer, TEST_API_KEY, testClient } from './testServer';

async function setup(handler: Handler, config: Partial<ClientConfig> = {}) {
  const server = await startServer(handler);
  // The slug and llm. hosts are routed to the test server with connect-to.
  const client = testClient(
    {
      apiBaseUrl: server.url,
      platformDomain: 'chutes.test',
      connectTo: `127.0.0.1:${server.port}`,
      auth: async () => ({ kind: 'apiKey', apiKey: TEST_API_KEY }),
      timeoutMs: 3000,
      ...config,
    },
    { env: {} },
  );
  return { server, client };
}

function eventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

const chunk = (content: string, extra: object = {}) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });
const usage = JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } });

/** Writes `text` in small pieces, so the client sees events cut at odd places. */
async function writeInPieces(res: ServerResponse, text: string, size = 7): Promise<void> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) {
    res.write(bytes.subarray(i, i + size));
    await sleep(1);
  }
}

describe('chat', () => {
  it('streams chunks to [DONE] with the usage chunk, from llm.<domain>', async () => {
    const { server, client } = await setup(async (_req, res) => {
      eventStream(res);
      await writeInPieces(res, `data: ${chunk('Hé')}\r\n\r\ndata: ${chunk('llo 😀')}\n\ndata: ${usage}\n\ndata: [DONE]\n\n`);
      res.end();
    });
    const chunks = await collect(client.streamChat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Héllo 😀');
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(11);
    const [request] = server.requests;
    expect(request.headers.host).toBe('llm.chutes.test');
    expect(request.url).toBe('/v1/chat/completions');
    expect(JSON.parse(request.body.toString())).toMatchObject({ model: 'm', stream: true });
    expect(request.headers.accept).toBe('text/event-stream');
  });

  it('reports a socket cut mid-stream as a cut StreamError', async () => {
    const { client } = await setup(async (_req, res) => {
      eventStream(res);
      res.write(`data: ${chunk('a')}\n\n`);
      await sleep(20);
      res.socket?.destroy();
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of client.streamChat({ model: 'm', messages: [] })) seen.push(c.choices[0].delta.content as string);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a']);
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ reason: 'cut' });
  });

  it('reports a stream that ends without [DONE] as cut', async () => {
    const { client } = await setup((_req, res) => {
      eventStream(res);
      res.end(`data: ${chunk('a')}\n\n`);
    });
    await expect(collect(client.streamChat({ model: 'm', messages: [] }))).rejects.toMatchObject({ reason: 'cut' });
  });

  it('turns the raw mid-stream error object into a StreamError with the server words', async () => {
    const { client } = await setup((_req, res) => {
      eventStream(res);
      res.end(`data: ${chunk('a')}\n\n{"error": "Unhandled exception during response stream: CUDA error"}`);
    });
    await expect(collect(client.streamChat({ model: 'm', messages: [] }))).rejects.toThrow(
      /llm\.chutes\.test reported an error mid-stream: Unhandled exception during response stream: CUDA error/,
    );
  });

  it('delivers the chunks before a malformed one in the same read, then a MalformedResponseError', async () => {
    const { client } = await setup((_req, res) => {
      eventStream(res);
      res.end(`data: ${chunk('a')}\n\ndata: ${chunk('b')}\n\ndata: {not json\n\ndata: ${chunk('c')}\n\ndata: [DONE]\n\n`);
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of client.streamChat({ model: 'm', messages: [] })) seen.push(c.choices[0].delta.content as string);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(MalformedResponseError);
  });

  it('releases the socket when the consumer stops in the middle of a read', async () => {
    const { server, client } = await setup(async (_req, res) => {
      eventStream(res);
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(`data: ${chunk('x')}\n\n`.repeat(10));
        await sleep(20);
      }
      res.end();
    });
    let seen = 0;
    for await (const _ of client.streamChat({ model: 'm', messages: [] })) if (++seen === 3) break;
    const started = Date.now();
    await server.socketClosed(0);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers a non-streaming completion', async () => {
    const { server, client } = await setup((_req, res) =>
      sendJson(res, 200, { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }),
    );
    const completion = await client.chatCompletions({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(completion.choices[0].message.content).toBe('hi');
    expect(JSON.parse(server.requests[0].body.toString()).stream).toBe(false);
  });
});

describe('timeouts and cancellation', () => {
  it('times out a request that gets no answer', async () => {
    const { client } = await setup(() => undefined, { timeoutMs: 150 });
    const started = Date.now();
    const error = await client.getChute('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'response' });
    // GET is retried on network errors only, never on our own timeout.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out a stream that falls silent between events, not one that keeps talking', async () => {
    const { client } = await setup(async (_req, res) => {
      eventStream(res);
      for (let i = 0; i < 4; i++) {
        res.write(`data: {"status": "cold", "log": "waiting ${i}"}\n\n`);
        await sleep(100);
      }
      // ...then silence, longer than the 250 ms limit.
    }, { timeoutMs: 250 });
    const logs: string[] = [];
    const error = await (async () => {
      for await (const event of client.warmup('my-echo')) logs.push(event.log);
    })().catch((e: unknown) => e);
    expect(logs).toEqual(['waiting 0', 'waiting 1', 'waiting 2', 'waiting 3']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'stream' });
  });

  it('cancels before the response arrives', async () => {
    const { client } = await setup(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(client.me(controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });

  it('cancels mid-stream and releases the socket promptly', async () => {
    const { server, client } = await setup(async (_req, res) => {
      eventStream(res);
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(`data: ${chunk(String(i))}\n\n`);
        await sleep(20);
      }
      res.end();
    });
    const controller = new AbortController();
    let received = 0;
    const error = await (async () => {
      for await (const _ of client.streamChat({ model: 'm', messages: [] }, controller.signal)) {
        if (++received === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    const started = Date.now();
    await server.socketClosed(0);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('releases the socket when the consumer stops reading', async () => {
    const { server, client } = await setup(async (_req, res) => {
      eventStream(res);
      for (let i = 0; i < 200 && !res.destroyed; i++) {
        res.write(`data: {"status": "cold", "log": "${i}"}\n\n`);
        await sleep(20);
      }
      res.end();
    });
    for await (const event of client.warmup('x')) if (event.log === '1') break;
    const started = Date.now();
    await server.socketClosed(0);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('logs and warmup', () => {
  it('reads warmup events until the server closes the stream', async () => {
    const { server, client } = await setup((_req, res) => {
      eventStream(res);
      res.write('data: {"status": "cold", "log": "waiting for instances"}\n\n');
      res.end('data: {"status": "hot", "log": "chute is hot, 1 instances available"}\n\n');
    });
    expect(await collect(client.warmup('my-echo'))).toEqual([
      { status: 'cold', log: 'waiting for instances' },
      { status: 'hot', log: 'chute is hot, 1 instances available' },
    ]);
    expect(server.requests[0].url).toBe('/chutes/warmup/my-echo');
  });

  it('reads a running build log stream (no separators, keep-alives, DONE) from an offset', async () => {
    const { server, client } = await setup(async (_req, res) => {
      eventStream(res);
      await writeInPieces(
        res,
        'data: {"log": "Step 1/3", "offset": "1-0"}\n.\ndata: {"log": {"log": "warning", "log_type": "stderr"}, "offset": "1-1"}\n.\nDONE\n',
        5,
      );
      res.end();
    });
    expect(await collect(client.imageBuildLogs('img-1', '0-9'))).toEqual([
      { log: 'Step 1/3', offset: '1-0' },
      { log: 'warning', stream: 'stderr', offset: '1-1' },
    ]);
    expect(server.requests[0].url).toBe('/images/img-1/logs?offset=0-9');
  });

  it('reads a finished build log sent as text/plain', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Step 1/2 : FROM parachutes/python:3.12\r\nStep 2/2 : RUN pip install x\n');
    });
    expect(await collect(client.imageBuildLogs('img-1'))).toEqual([
      { log: 'Step 1/2 : FROM parachutes/python:3.12' },
      { log: 'Step 2/2 : RUN pip install x' },
    ]);
  });

  it('reads instance logs with status events, lines and errors', async () => {
    const { server, client } = await setup((_req, res) => {
      eventStream(res);
      res.end('data: {"event":"connected","filename":"current"}\n\ndata: {"log": "ready"}\n.\ndata: {"error": "pod gone"}\n');
    });
    expect(await collect(client.instanceLogs('inst-1', 10))).toEqual([
      { type: 'status', event: 'connected', filename: 'current' },
      { type: 'log', line: 'ready' },
      { type: 'error', message: 'pod gone' },
    ]);
    expect(server.requests[0].url).toBe('/instances/inst-1/logs?backfill=10');
  });
});

describe('invokeCord', () => {
  it('answers JSON, text or bytes by content type, on the slug host', async () => {
    const { server, client } = await setup((req, res) => {
      res.setHeader('x-chutes-invocationid', 'inv-9');
      if (req.url === '/echo') return sendJson(res, 200, { echo: 'hi' });
      if (req.url === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('plain');
      }
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(Buffer.from([0xff, 0xd8, 0xff]));
    });
    const json = await client.invokeCord('alice-my-echo', { public_api_path: '/echo', public_api_method: 'POST', stream: false }, { text: 'hi' });
    expect(json).toEqual({ kind: 'json', value: { echo: 'hi' }, status: 200, contentType: 'application/json', invocationId: 'inv-9' });
    const text = await client.invokeCord('alice-my-echo', { public_api_path: '/text', public_api_method: 'GET', stream: false });
    expect(text).toMatchObject({ kind: 'text', text: 'plain' });
    const bytes = await client.invokeCord('alice-my-echo', { public_api_path: '/generate', public_api_method: 'POST', stream: false }, { prompt: 'x' });
    expect(bytes.kind === 'bytes' && Array.from(bytes.bytes)).toEqual([0xff, 0xd8, 0xff]);
    expect(server.requests.map((r) => `${r.method} ${r.headers.host}${r.url} ${r.body.length}`)).toEqual([
      'POST alice-my-echo.chutes.test/echo 13',
      'GET alice-my-echo.chutes.test/text 0',
      'POST alice-my-echo.chutes.test/generate 14',
    ]);
  });

  it('streams the data of each event of a streaming cord', async () => {
    const { client } = await setup(async (_req, res) => {
      eventStream(res);
      await writeInPieces(res, 'data: one\n\ndata: {"n": 2}\n\n', 3);
      res.end();
    });
    const result = await client.invokeCord('alice-stream', { public_api_path: '/gen', public_api_method: 'POST', stream: true }, {});
    expect(result.kind).toBe('stream');
    if (result.kind === 'stream') expect(await collect(result.chunks)).toEqual(['one', '{"n": 2}']);
  });
});
