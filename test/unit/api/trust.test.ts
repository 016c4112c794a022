// Where credentials may go (docs/trust.md), against hostile servers on loopback that record every
// request. Host names are resolved to 127.0.0.1 by the client's test seam, so a request the client
// wrongly lets out would arrive here and be counted: nothing leaves the machine either way.
import { describe, expect, it } from 'vitest';
import type { ClientConfig, ClientOptions } from '../../../src/core/api/client';
import { UntrustedEndpointError } from '../../../src/core/api/errors';
import { isDefaultPlatformHost, isLoopbackHost, needsConfirmation } from '../../../src/core/api/trust';
import type { Credentials } from '../../../src/core/auth/credentials';
import { loopbackLookup, sendJson, startServer, TEST_API_KEY, testClient, testConnect, type TestServer } from './testServer';

const apiKey: Credentials = { kind: 'apiKey', apiKey: TEST_API_KEY };
const hotkey: Credentials = { kind: 'hotkey', ss58: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', seedHex: 'ab'.repeat(32), userId: 'u-1' };
const me = { username: 'demo', user_id: 'u-1' };

/** A server that answers everything and keeps everything it got. */
function hostile(tls: boolean): Promise<TestServer> {
  return startServer((req, res) => {
    if (req.url === '/ping') return sendJson(res, 200, { message: 'pong' });
    if (req.url?.startsWith('/v1/')) return sendJson(res, 200, { object: 'list', data: [], choices: [] });
    if (req.url?.startsWith('/api_keys/') || req.url?.startsWith('/chutes/')) return sendJson(res, 200, { total: 0, page: 0, limit: 25, items: [] });
    sendJson(res, 200, me);
  }, { tls });
}

function client(config: Partial<ClientConfig> & Pick<ClientConfig, 'apiBaseUrl'>, options: ClientOptions = {}) {
  return testClient({ platformDomain: 'chutes.ai', auth: async () => apiKey, timeoutMs: 5000, ...config }, { env: {}, connect: testConnect(), ...options });
}

/** Every header value any request carried: a credential must be in none of them. */
function leaked(server: TestServer): string[] {
  return server.requests.flatMap((r) => Object.values(r.headers).flat().map(String)).filter((v) => /cpk_|Bearer|^[0-9a-f]{128}$/.test(v));
}

async function refusal(promise: Promise<unknown>): Promise<UntrustedEndpointError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UntrustedEndpointError);
  return error as UntrustedEndpointError;
}

describe('which hosts get credentials without asking', () => {
  it('the default platform over https and loopback, nothing else', () => {
    expect(isDefaultPlatformHost('api.chutes.ai')).toBe(true);
    expect(isDefaultPlatformHost('alice-my-echo.chutes.ai')).toBe(true);
    expect(isDefaultPlatformHost('chutes.ai.hostile.test')).toBe(false);
    expect(isDefaultPlatformHost('a.b.chutes.ai')).toBe(false);
    expect(isDefaultPlatformHost('hostilechutes.ai')).toBe(false);
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['x.localhost', '0.0.0.0', '10.0.0.1', '128.0.0.1', 'localhost.hostile.test']) expect(isLoopbackHost(host), host).toBe(false);
    expect(needsConfirmation({ hostname: 'api.chutes.ai', label: 'api.chutes.ai', protocol: 'https:' })).toBe(false);
    expect(needsConfirmation({ hostname: 'api.chutes.ai', label: 'api.chutes.ai', protocol: 'http:' })).toBe(true);
    expect(needsConfirmation({ hostname: 'api.hostile.test', label: 'api.hostile.test', protocol: 'https:' })).toBe(true);
  });

  it('sends the key to api.chutes.ai over https without a question (resolved to a loopback stand-in)', async () => {
    const server = await hostile(true);
    let asked = 0;
    const c = client({ apiBaseUrl: `https://api.chutes.ai:${server.port}`, confirmHost: async () => Boolean(++asked) });
    expect((await c.me()).username).toBe('demo');
    expect(asked).toBe(0);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  });
});

describe('an unconfirmed host gets nothing', () => {
  it('without a confirmHost callback, an API key request is refused and nothing is sent', async () => {
    const server = await hostile(true);
    const c = client({ apiBaseUrl: `https://api.hostile.test:${server.port}` });
    const error = await refusal(c.me());
    expect(error).toMatchObject({ reason: 'declined', host: `api.hostile.test:${server.port}` });
    expect(error.message).toContain(`not sent to api.hostile.test:${server.port}`);
    expect(server.requests).toEqual([]);
  });

  it('a declined host gets neither the key nor hotkey signatures; the next request asks again', async () => {
    const server = await hostile(true);
    const asked: string[] = [];
    for (const credentials of [apiKey, hotkey]) {
      const c = client({ apiBaseUrl: `https://api.hostile.test:${server.port}`, auth: async () => credentials, confirmHost: async (host) => (asked.push(host), false) });
      await refusal(c.me());
      await refusal(c.listChutes());
    }
    expect(asked).toEqual(Array(4).fill(`api.hostile.test:${server.port}`));
    expect(server.requests).toEqual([]);
  });

  it('a confirmed host is asked once, even by concurrent requests, and then gets the key', async () => {
    const server = await hostile(true);
    const asked: string[] = [];
    let answer!: (yes: boolean) => void;
    const c = client({
      apiBaseUrl: `https://api.hostile.test:${server.port}`,
      confirmHost: (host) => (asked.push(host), new Promise((resolve) => (answer = resolve))),
    });
    const calls = Promise.all([c.me(), c.me(), c.listApiKeys()]);
    await expect.poll(() => asked.length).toBe(1);
    expect(server.requests).toEqual([]);
    answer(true);
    await calls;
    await c.me();
    expect(asked).toEqual([`api.hostile.test:${server.port}`]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(4).fill(`Bearer ${TEST_API_KEY}`));
  });

  it('a request without credentials goes out unasked, and a failing prompt counts as a no', async () => {
    const server = await hostile(true);
    const c = client({ apiBaseUrl: `https://api.hostile.test:${server.port}`, confirmHost: async () => { throw new Error('no window'); } });
    expect(await c.ping()).toEqual({ message: 'pong' });
    await refusal(c.me());
    expect(server.requests.map((r) => r.url)).toEqual(['/ping']);
    expect(leaked(server)).toEqual([]);
  });

  it('a connect-to that dials elsewhere is confirmed for the address really dialled', async () => {
    const server = await hostile(true);
    const asked: string[] = [];
    const c = client({
      apiBaseUrl: 'https://api.chutes.ai',
      connectTo: `relay.hostile.test:${server.port}`,
      confirmHost: async (host) => (asked.push(host), false),
    });
    await refusal(c.me());
    expect(asked).toEqual([`relay.hostile.test:${server.port}`]);
    expect(server.requests).toEqual([]);
  });
});

describe('never plain http except to loopback', () => {
  it('refuses an http base URL on a non-loopback host before a byte is sent, credentials or not', async () => {
    const server = await hostile(false);
    const c = client({ apiBaseUrl: `http://api.hostile.test:${server.port}`, confirmHost: async () => true }, { connect: { lookup: loopbackLookup } });
    const error = await refusal(c.me());
    expect(error).toMatchObject({ reason: 'insecure', host: `api.hostile.test:${server.port}` });
    expect(error.message).toMatch(/over plain http: only loopback addresses/);
    await refusal(c.ping());
    expect(server.requests).toEqual([]);
  });

  it('an http base URL with the default domain does not send llm. or chute calls to http://*.chutes.ai', async () => {
    const server = await hostile(false);
    const c = client({ apiBaseUrl: server.url, confirmHost: async () => true }, { connect: { lookup: loopbackLookup } });
    expect((await c.me()).username).toBe('demo');
    const llm = await refusal(c.chatCompletions({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(llm.message).toContain('llm.chutes.ai');
    await refusal(c.invokeCord('alice-echo', { public_api_path: '/echo', public_api_method: 'POST', stream: false }, {}));
    expect(server.requests.map((r) => `${r.headers.host} ${r.url}`)).toEqual([`127.0.0.1:${server.port} /users/me`]);
  });

  it('loopback over http still works with credentials, as the emulator needs', async () => {
    const server = await hostile(false);
    const c = client({ apiBaseUrl: 'http://api.chutes.test', platformDomain: 'chutes.test', connectTo: `127.0.0.1:${server.port}` });
    expect((await c.me()).username).toBe('demo');
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  });
});

describe('a tricked platform domain', () => {
  it.each(['hostile.test/x', 'user@hostile.test', 'hostile.test:443', 'https://hostile.test', 'chutes.ai@hostile.test', 'chutes.ai#.hostile.test'])(
    '"%s" is refused before any request',
    async (domain) => {
      const server = await hostile(true);
      const c = client({ apiBaseUrl: `https://api.chutes.ai:${server.port}`, platformDomain: domain, confirmHost: async () => true });
      const error = await refusal(c.models());
      expect(error.reason).toBe('endpoint');
      expect(server.requests).toEqual([]);
    },
  );

  it('a look-alike domain (chutes.ai.hostile.test) is a host to confirm, not the platform', async () => {
    const server = await hostile(true);
    const asked: string[] = [];
    const c = client({
      apiBaseUrl: `https://api.chutes.ai:${server.port}`,
      platformDomain: 'chutes.ai.hostile.test',
      confirmHost: async (host) => (asked.push(host), false),
    });
    await refusal(c.chatCompletions({ model: 'm', messages: [] }));
    expect(asked).toEqual(['llm.chutes.ai.hostile.test']);
    expect(server.requests).toEqual([]);
  });
});
