// Hotkey signatures checked server-side by Rust schnorrkel (@polkadot/wasm-crypto), connect-to
// keeping the Host header, and proxy use, all over real HTTP on loopback.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { decodeAddress } from '@polkadot/util-crypto';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthRequiredError, NetworkError, UntrustedEndpointError } from '../../../src/core/api/errors';
import type { Credentials } from '../../../src/core/auth/credentials';
import { sendJson, startServer, testClient, testConnect } from './testServer';

const wallet = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/wallets/alice/hotkeys/default'), 'utf8')) as { secretSeed: string; ss58Address: string };
const hotkey: Credentials = { kind: 'hotkey', ss58: wallet.ss58Address, seedHex: wallet.secretSeed.slice(2), userId: 'u-1' };

beforeAll(() => waitReady());

/** What the Chutes server does (API api/user/service.py): rebuild the message and verify. */
function verifyChutes(headers: IncomingHttpHeaders, body: Buffer, purpose?: string): { ok: boolean; message: string } {
  const ss58 = String(headers['x-chutes-hotkey']);
  const nonce = String(headers['x-chutes-nonce']);
  const signature = String(headers['x-chutes-signature']);
  const payload = purpose ?? createHash('sha256').update(body).digest('hex');
  const message = `${ss58}:${nonce}:${payload}`;
  const ok =
    /^[0-9a-f]{128}$/.test(signature) &&
    sr25519Verify(Buffer.from(signature, 'hex'), Buffer.from(message), decodeAddress(ss58));
  return { ok, message };
}

async function hotkeyClient() {
  const server = await startServer((req, res) => {
    if (req.url === '/users/me') return sendJson(res, 200, { username: 'alice', user_id: 'u-1' });
    if (req.url?.startsWith('/chutes/?')) return sendJson(res, 200, { total: 0, page: 0, limit: 25, items: [], cord_refs: {} });
    if (req.url?.startsWith('/instances/')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      return void res.end('data: {"log": "x"}\n');
    }
    sendJson(res, 200, { chute_id: 'c', name: 'n', public: false, cords: [] });
  });
  const client = testClient({ apiBaseUrl: server.url, platformDomain: 'chutes.test', connectTo: `127.0.0.1:${server.port}`, auth: async () => hotkey }, { env: {} });
  return { server, client };
}

describe('hotkey signatures, verified by schnorrkel', () => {
  it('signs bodiless calls with the route purpose and writes with the hash of the exact bytes sent', async () => {
    const { server, client } = await hotkeyClient();
    await client.me();
    await client.listChutes({ limit: 5 });
    await client.deleteChute('b0399fc4-6fd9-50db-9160-6ab74584aa95');
    for await (const _ of client.instanceLogs('i-1', 5)) void _;
    await client.updateChute('my-echo', { tagline: 'ünïcode ✓', max_instances: 2 });
    await client.deployChute({ name: 'n', image: 'i', public: false, code: 'print("é")\n', filename: 'n.py', ref_str: 'n:chute', node_selector: {} }, { acceptFee: false });

    const [me, list, del, logs, put, post] = server.requests;
    expect(verifyChutes(me.headers, me.body, 'me').ok).toBe(true);
    expect(verifyChutes(list.headers, list.body, 'chutes').ok).toBe(true);
    expect(verifyChutes(del.headers, del.body, 'chutes').ok).toBe(true);
    expect(verifyChutes(logs.headers, logs.body, 'logs').ok).toBe(true);
    expect(verifyChutes(put.headers, put.body).ok).toBe(true);
    expect(verifyChutes(post.headers, post.body).ok).toBe(true);
    // A signature over something else must not verify: the check above is not vacuous.
    expect(verifyChutes(me.headers, me.body, 'chutes').ok).toBe(false);
    expect(verifyChutes(post.headers, Buffer.concat([post.body, Buffer.from(' ')])).ok).toBe(false);

    for (const request of server.requests) {
      expect(request.headers['x-chutes-hotkey']).toBe(wallet.ss58Address);
      expect(request.headers['x-chutes-userid']).toBe('u-1');
      expect(Math.abs(Number(request.headers['x-chutes-nonce']) - Date.now() / 1000)).toBeLessThan(5);
      expect(request.headers.authorization).toBeUndefined();
    }
  });

  it('refuses locally where the server takes no hotkey signature, and sends none where no auth is needed', async () => {
    const { server, client } = await hotkeyClient();
    const error = await client.e2eInstances('c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect((error as Error).message).toMatch(/accepts only an API key/);
    expect(server.requests).toHaveLength(0);
    await client.models().catch(() => undefined);
    expect(server.requests[0].headers['x-chutes-signature']).toBeUndefined();
    expect(server.requests[0].headers.host).toBe('llm.chutes.test');
  });
});

describe('connect-to', () => {
  it('dials the target while URL and Host keep the platform names', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { message: 'pong', object: 'list', data: [], evidence: [], failed_instance_ids: [] }));
    const client = testClient(
      { apiBaseUrl: 'http://api.chutes.test', platformDomain: 'chutes.test', connectTo: `127.0.0.1:${server.port}`, auth: async () => ({ kind: 'apiKey', apiKey: 'cpk_x' }) },
      { env: { HTTP_PROXY: 'http://127.0.0.1:1' } },
    );
    await client.ping();
    await client.models();
    await client.evidence('my-echo', 'ab'.repeat(32));
    await client.invokeCord('alice-echo', { public_api_path: '/echo', public_api_method: 'GET', stream: false });
    expect(server.requests.map((r) => `${r.headers.host}${r.url}`)).toEqual([
      'api.chutes.test/ping',
      'llm.chutes.test/v1/models',
      `api.chutes.test/chutes/my-echo/evidence?nonce=${'ab'.repeat(32)}`,
      'alice-echo.chutes.test/echo',
    ]);
  });

  it('keeps the scheme of the URL it stands in for: an http:// target for an https URL is refused, nothing sent', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { message: 'pong' }));
    const client = testClient(
      { apiBaseUrl: 'https://api.chutes.ai', platformDomain: 'chutes.ai', connectTo: `http://127.0.0.1:${server.port}`, auth: async () => undefined },
      { env: {} },
    );
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UntrustedEndpointError);
    expect(error).toMatchObject({ reason: 'insecure', host: `127.0.0.1:${server.port}` });
    expect((error as Error).message).toMatch(/stands in for https:\/\/api\.chutes\.ai/);
    expect(server.requests).toEqual([]);
  });

  it('may turn http into https: an https:// target talks TLS for an http URL', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { message: 'pong' }), { tls: true });
    const client = testClient(
      { apiBaseUrl: 'http://api.hostile.test', platformDomain: 'hostile.test', connectTo: `https://127.0.0.1:${server.port}`, auth: async () => undefined },
      { env: {}, connect: testConnect() },
    );
    expect(await client.ping()).toEqual({ message: 'pong' });
    expect(server.requests[0].headers.host).toBe('api.hostile.test');
  });

  it('names both the target and the platform host when the target refuses', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const client = testClient(
      { apiBaseUrl: 'http://api.chutes.test', platformDomain: 'chutes.test', connectTo: `127.0.0.1:${closed.port}`, auth: async () => undefined },
      { env: {}, clock: { now: Date.now, random: () => 0, sleep: async () => undefined } },
    );
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(new RegExp(`^Could not reach 127\\.0\\.0\\.1:${closed.port} \\(connect-to for api\\.chutes\\.test\\): connection refused`));
  });
});

describe('proxy', () => {
  it('tunnels through HTTPS_PROXY, and bypasses it for loopback', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, { message: 'pong' }), { tls: true });
    const targetPort = server.port;
    const tunnels: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(String(req.url));
      // Whatever host was asked for, this proxy reaches the test server.
      const upstream = net.connect(targetPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const proxied = testClient(
        { apiBaseUrl: 'https://api.proxied.test', platformDomain: 'proxied.test', auth: async () => undefined },
        { env: { HTTPS_PROXY: proxyUrl }, connect: testConnect() },
      );
      expect(await proxied.ping()).toEqual({ message: 'pong' });
      expect(tunnels).toEqual(['api.proxied.test:443']);
      expect(server.requests[0].headers.host).toBe('api.proxied.test');

      const loopback = testClient(
        { apiBaseUrl: server.url, platformDomain: 'proxied.test', auth: async () => undefined },
        { env: { HTTPS_PROXY: proxyUrl }, connect: testConnect() },
      );
      await loopback.ping();
      expect(tunnels).toHaveLength(1);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
