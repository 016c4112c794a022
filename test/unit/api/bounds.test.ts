// Bounded, typed failures (docs/trust.md) with the hostile inputs of issue 8, scaled down where they
// were hundreds of megabytes: the caps are lowered through ClientOptions.limits, and the inputs still
// exceed them many times over. Results are asserted, never wall time.
import { describe, expect, it } from 'vitest';
import { ChutesApiError, InvalidIdError, MalformedResponseError, ResponseTooLargeError } from '../../../src/core/api/errors';
import type { ReadLimits } from '../../../src/core/api/transport';
import { collect, type Handler, sendJson, startServer, TEST_API_KEY, testClient } from './testServer';

const MB = 1024 * 1024;

async function setup(handler: Handler, limits: Partial<ReadLimits> = {}) {
  const server = await startServer(handler);
  const client = testClient(
    { apiBaseUrl: 'http://api.chutes.test', platformDomain: 'chutes.test', connectTo: `127.0.0.1:${server.port}`, auth: async () => ({ kind: 'apiKey', apiKey: TEST_API_KEY }), timeoutMs: 10_000 },
    { env: {}, limits: { maxBodyBytes: MB, maxLineBytes: 64 * 1024, maxEventBytes: 128 * 1024, maxHeaderBytes: 16 * 1024, ...limits }, retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1, statuses: new Set() } },
  );
  return { server, client };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Writes `piece` until the client hangs up (or `max` bytes), as an endless body would. */
function endless(res: import('node:http').ServerResponse, piece: string, max = 64 * MB): void {
  let sent = 0;
  const pump = () => {
    while (sent < max && !res.destroyed) {
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (sent = max));
  pump();
}

describe('response size caps', () => {
  it('a JSON body over the cap (300 MB in the issue, 8 MB here against 1 MB) ends in ResponseTooLargeError', async () => {
    const big = JSON.stringify({ username: 'demo', pad: 'x'.repeat(8 * MB) });
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // no content-length: counted as it arrives
      endless(res, big.slice(0, 64 * 1024), big.length);
    });
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ part: 'body', limitBytes: MB });
    expect(error.message).toBe('api.chutes.test sent a response body larger than 1 MB; it was not read further.');
  });

  it('a content-length over the cap is refused before the body is read', async () => {
    const { client, server } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(700 * MB) });
      res.write('{"username":"');
    });
    const error = await failure(client.me());
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', part: 'body' });
    await server.socketClosed(0);
  });

  it('one endless data: line (1.16 GB in the issue) ends at the line cap and closes the connection', async () => {
    const { client, server } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"delta":{"content":"');
      endless(res, 'A'.repeat(16 * 1024));
    });
    const error = await failure(collect(client.streamChat({ model: 'm', messages: [] })));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ part: 'line', limitBytes: 64 * 1024 });
    expect(error.message).toMatch(/sent a stream line larger than 64 KB/);
    await server.socketClosed(0);
  });

  it('an event of many short data lines with no blank line ends at the event cap', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      endless(res, 'data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n');
    });
    const error = await failure(collect(client.streamChat({ model: 'm', messages: [] })));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', part: 'event', limitBytes: 128 * 1024 });
  });

  it('build log lines in lines mode are capped too', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"log": "ok"}\n');
      endless(res, 'B'.repeat(8 * 1024));
    });
    const lines: string[] = [];
    const error = await failure((async () => { for await (const line of client.imageBuildLogs('img-1')) lines.push(line.log); })());
    expect(lines).toEqual(['ok']);
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', part: 'line' });
  });

  it('response headers over the cap end in ResponseTooLargeError, not an undici error', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-pad': 'p'.repeat(100 * 1024) });
      res.end('{}');
    });
    const error = await failure(client.ping());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ part: 'headers' });
    expect(error.message).toBe('api.chutes.test sent response headers larger than 16 KB; it was not read further.');
  });
});

describe('error bodies', () => {
  it('a 160 KB HTML error page of unclosed <script> tags gives a short excerpt', async () => {
    const html = `<html><body><h1>Bad Gateway</h1>${'<script>x'.repeat(160 * 1024 / 9)}</body></html>`;
    const { client } = await setup((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(html);
    });
    const error = await failure(client.ping());
    expect(error).toBeInstanceOf(ChutesApiError);
    expect(error.message.startsWith('Bad Gateway')).toBe(true);
    expect(error.message.length).toBeLessThan(400);
  });

  it('a 5 MB detail is clipped in the message (the full detail stays on the error)', async () => {
    const detail = `Quota exceeded ${'z'.repeat(5 * 1024 * 1024)}`;
    const { client } = await setup((_req, res) => sendJson(res, 402, { detail }), { maxBodyBytes: 8 * MB });
    const error = await failure(client.ping());
    expect(error).toBeInstanceOf(ChutesApiError);
    expect(error.message.length).toBeLessThan(1100);
    expect(error.message).toMatch(/^Quota exceeded z+… \(402 from GET api\.chutes\.test\/ping\), reached via 127\.0\.0\.1:\d+$/);
    expect((error as ChutesApiError).detail).toBe(detail);
  });
});

describe('response shapes', () => {
  it.each([[[1, 2, 3]], [{ user: 'demo' }], ['demo'], [null]])('/users/me answering %j is a MalformedResponseError', async (body) => {
    const { client } = await setup((_req, res) => sendJson(res, 200, body));
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toMatch(/answered 200 with a body that is not a user \(\{username, user_id, \.\.\.\}\)/);
  });

  it('a page whose items are not objects is a MalformedResponseError, not a TypeError later', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, { total: 2, page: 0, limit: 25, items: [null, 7] }));
    expect(await failure(client.listChutes())).toBeInstanceOf(MalformedResponseError);
  });
});

describe('ids in paths', () => {
  it("deleteImage('../chutes/<id>') is refused locally and nothing is sent", async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 200, { deleted: true }));
    const chuteId = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    for (const call of [
      () => client.deleteImage(`../chutes/${chuteId}`),
      () => client.deleteChute('.'),
      () => client.getImage(''),
      () => client.deleteApiKey('a/../../users/me'),
    ]) {
      expect(await failure(call())).toBeInstanceOf(InvalidIdError);
    }
    expect(server.requests).toEqual([]);
  });
});
