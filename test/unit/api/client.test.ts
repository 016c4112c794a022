// Wire-level tests of ChutesClient against a real HTTP server on loopback: requests, paging,
// error rendering, retries and backoff.
import { describe, expect, it } from 'vitest';
import type { ClientConfig } from '../../../src/core/api/client';
import { AuthRequiredError, ChutesApiError, MalformedResponseError, NetworkError } from '../../../src/core/api/errors';
import type { RetryClock } from '../../../src/core/api/retry';
import { type Handler, sendJson, startServer, TEST_API_KEY, testClient } from './testServer';

/** A clock whose sleeps return at once and are recorded, so backoff is observable without waiting. */
function instantClock(): RetryClock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => Date.now(), random: () => 0.5, sleep: async (ms) => void slept.push(ms) };
}

async function setup(handler: Handler, config: Partial<ClientConfig> = {}, clock = instantClock()) {
  const server = await startServer(handler);
  const client = testClient(
    { apiBaseUrl: server.url, platformDomain: 'chutes.test', auth: async () => ({ kind: 'apiKey', apiKey: TEST_API_KEY }), timeoutMs: 5000, ...config },
    { clock, env: {} },
  );
  return { server, client, clock };
}

const chuteItem = (id: string, ref: string | null) => ({ chute_id: id, name: `n-${id}`, public: false, cords: null, cord_ref_id: ref });

describe('ChutesClient requests', () => {
  it('lists chutes with the query, the API key, and cords re-joined from cord_refs', async () => {
    const { server, client } = await setup((_req, res) =>
      sendJson(res, 200, {
        total: 2,
        page: 0,
        limit: 25,
        items: [chuteItem('a', 'r1'), chuteItem('b', null)],
        cord_refs: { r1: [{ method: 'POST', path: '/echo', function: 'echo', stream: false, public_api_path: '/echo', public_api_method: 'POST' }] },
      }),
    );
    const page = await client.listChutes({ include_public: true, name: 'echo', limit: 25 });
    expect(page.items[0].cords?.[0].public_api_path).toBe('/echo');
    expect(page.items[1].cords).toBeNull();
    const [request] = server.requests;
    expect(request.url).toBe('/chutes/?include_public=true&name=echo&limit=25');
    expect(request.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(request.headers['user-agent']).toBe('chutes-vscode');
  });

  it('paginates until total is reached', async () => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    const { server, client } = await setup((req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      const page = Number(url.searchParams.get('page'));
      const limit = Number(url.searchParams.get('limit'));
      sendJson(res, 200, { total: all.length, page, limit, items: all.slice(page * limit, page * limit + limit).map((id) => chuteItem(id, null)), cord_refs: {} });
    });
    const seen: string[] = [];
    for await (const page of client.paginate((p, s) => client.listChutes(p, s), { limit: 2 })) seen.push(...page.items.map((c) => c.chute_id));
    expect(seen).toEqual(all);
    expect(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(['0', '1', '2']);
  });

  it('sends JSON bodies once serialised, with the fee flag, and returns typed results', async () => {
    const { server, client } = await setup((_req, res, body) => sendJson(res, 200, { chute_id: 'c1', name: JSON.parse(body.toString()).name, public: false, cords: [] }));
    const args = { name: 'my-echo', image: 'img', public: false, code: 'x = 1\n', filename: 'echo.py', ref_str: 'echo:chute', node_selector: { gpu_count: 1 } };
    const chute = await client.deployChute(args, { acceptFee: true, chutesVersion: '0.6.10' });
    expect(chute.name).toBe('my-echo');
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/chutes/?accept_fee=true');
    expect(request.body.toString()).toBe(JSON.stringify(args));
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-chutes-version']).toBe('0.6.10');
  });

  it('reads text and other routes at their paths', async () => {
    const { server, client } = await setup((req, res) => {
      if (req.url?.startsWith('/chutes/code/')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('from chutes import Chute\n');
      }
      sendJson(res, 200, req.url === '/ping' ? { message: 'pong' } : { deleted: true });
    });
    expect(await client.chuteCode('c1')).toBe('from chutes import Chute\n');
    expect(await client.ping()).toEqual({ message: 'pong' });
    await client.deleteImage('alice/echo:0.1');
    await client.getChute('unsloth/Llama-3.2-1B-Instruct');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /chutes/code/c1',
      'GET /ping',
      'DELETE /images/alice/echo%3A0.1',
      'GET /chutes/unsloth/Llama-3.2-1B-Instruct',
    ]);
    expect(server.requests[1].headers.authorization).toBeUndefined();
  });

  it('fails locally with a clear error when signed out', async () => {
    const page = { total: 0, page: 0, limit: 25, items: [], cord_refs: {} };
    const { server, client } = await setup((_req, res) => sendJson(res, 200, page), { auth: async () => undefined });
    await expect(client.me()).rejects.toBeInstanceOf(AuthRequiredError);
    await expect(client.me()).rejects.toThrow(/GET \/users\/me needs Chutes credentials/);
    expect(server.requests).toHaveLength(0);
    await client.listChutes();
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });
});

describe('ChutesClient errors', () => {
  const cases: Array<[string, number, string | object, RegExp]> = [
    ['string detail', 404, { detail: 'Chute not found, or does not belong to you' }, /^Chute not found, or does not belong to you \(404 from GET 127\.0\.0\.1:\d+\/chutes\/x\)$/],
    [
      '422 list',
      422,
      { detail: [{ type: 'string_pattern_mismatch', loc: ['body', 'name'], msg: "String should match pattern '^[a-z]'", input: 'X' }] },
      /^body\.name: String should match pattern '\^\[a-z\]' \(422/,
    ],
    ['object detail', 402, { detail: { message: 'Quota exceeded', quota_reset_timestamp: '2026-05-26T00:00:00+00:00' } }, /^Quota exceeded \(quota_reset_timestamp: 2026-05-26/],
    ['object without message', 400, { detail: { reason: 'bad_code', lines: [3] } }, /^\{"reason":"bad_code","lines":\[3\]\} \(400/],
    ['non-JSON body', 400, '<html><body><h1>400 Bad Request</h1>nginx</body></html>', /^400 Bad Request nginx \(400/],
    ['empty body', 401, '', /^HTTP 401 \(401 from GET/],
  ];

  it.each(cases)('renders %s in the server words', async (_name, status, body, pattern) => {
    const { client } = await setup((_req, res) => {
      if (typeof body === 'string') {
        res.writeHead(status, { 'content-type': 'text/html', 'x-chutes-invocationid': 'inv-1' });
        return void res.end(body);
      }
      sendJson(res, status, body, { 'x-chutes-invocationid': 'inv-1' });
    });
    const error = await client.getChute('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChutesApiError);
    expect((error as ChutesApiError).message).toMatch(pattern);
    expect((error as ChutesApiError).message).not.toContain('[object Object]');
    expect(error).toMatchObject({ status, method: 'GET', path: '/chutes/x', invocationId: 'inv-1' });
  });

  it('reports a 2xx body that is not JSON with status and a redacted excerpt', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"items": [ oops ${TEST_API_KEY}`);
    });
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toMatch(/answered 200 with a body that is not valid JSON: \{"items": \[ oops cpk_<redacted>/);
  });

  it('reports a body cut before its announced length as a cut stream', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"username": "ali');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(client.me()).rejects.toThrow(/^The stream from 127\.0\.0\.1:\d+ ended before it was complete \(the connection was closed unexpectedly\)\.$/);
  });

  it('reports a JSON body of the wrong shape', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, ['not', 'evidence']));
    await expect(client.evidence('c', 'ab'.repeat(32))).rejects.toThrow(/not TEE evidence/);
  });
});

describe('ChutesClient retries', () => {
  it('retries GET on 503/502/429 with backoff and Retry-After (seconds and HTTP date)', async () => {
    const date = new Date(Date.now() + 4000).toUTCString();
    const { server, client, clock } = await setup((_req, res, _body, index) => {
      if (index === 0) return sendJson(res, 503, { detail: 'No instances available (yet)' });
      if (index === 1) return sendJson(res, 429, { detail: 'Rate limit exceeded. Try again later.' }, { 'retry-after': '2' });
      if (index === 2) return sendJson(res, 502, { detail: 'bad gateway' }, { 'retry-after': date });
      sendJson(res, 200, { username: 'alice', user_id: 'u1' });
    });
    expect((await client.me()).username).toBe('alice');
    expect(server.requests).toHaveLength(4);
    expect(clock.slept[0]).toBe(250);
    expect(clock.slept[1]).toBe(2000);
    expect(clock.slept[2]).toBeGreaterThan(2000);
    expect(clock.slept[2]).toBeLessThanOrEqual(4000);
  });

  it('really waits for Retry-After with the system clock', async () => {
    const server = await startServer((_req, res, _body, index) =>
      index === 0 ? sendJson(res, 429, { detail: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { message: 'pong' }),
    );
    const client = testClient({ apiBaseUrl: server.url, platformDomain: 'chutes.test', auth: async () => undefined }, { env: {} });
    const started = Date.now();
    await client.ping();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('never retries a deploy', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 503, { detail: 'Infrastructure is at maximum capacity, try again later' }));
    const args = { name: 'x', image: 'i', public: false, code: '', filename: 'x.py', ref_str: 'x:c', node_selector: {} };
    await expect(client.deployChute(args, { acceptFee: false })).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the attempts and surfaces the last server words', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 503, { detail: 'This chute is currently disabled.' }));
    await expect(client.getChute('x')).rejects.toThrow(/^This chute is currently disabled\. \(503/);
    expect(server.requests).toHaveLength(4);
  });

  it('retries connection failures and then names the host it tried', async () => {
    const closed = await startServer((_req, res) => sendJson(res, 200, {}));
    const port = closed.port;
    await closed.close();
    const clock = instantClock();
    const retried: string[] = [];
    const client = testClient(
      { apiBaseUrl: `http://127.0.0.1:${port}`, platformDomain: 'chutes.test', auth: async () => undefined },
      { clock, env: {}, onRetry: (info) => retried.push(`${info.method} ${info.path}`) },
    );
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect((error as Error).message).toMatch(new RegExp(`Could not reach 127\\.0\\.0\\.1:${port}: connection refused`));
    expect(retried).toEqual(['GET /ping', 'GET /ping', 'GET /ping']);
  });
});
