import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { RunningEmulator } from '../index';
import { seedCredentials } from '../seed';
import { call, sha256Hex, signed, startDemo } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

describe('API keys in Authorization', () => {
  it('accepts Bearer, Basic and a bare key (the last space-separated token)', async () => {
    for (const authorization of [`Bearer ${demo.apiKey}`, `Basic ${demo.apiKey}`, demo.apiKey]) {
      const r = await call(emu, 'GET', '/users/me', { headers: { authorization } });
      expect(r.status).toBe(200);
      expect(r.json.username).toBe('demo');
    }
  });

  it('uses the server texts for missing, malformed and wrong keys', async () => {
    expect((await call(emu, 'GET', '/users/me')).json).toEqual({ detail: "Can't find a user with that api key in our db :(" });
    const malformed = await call(emu, 'GET', '/users/me', { headers: { authorization: 'Bearer cpk_nope' } });
    expect([malformed.status, malformed.json.detail]).toEqual([401, 'Missing or invalid authorization header(s)']);
    const wrongSecret = demo.apiKey.slice(0, -4) + 'AAAA';
    const wrong = await call(emu, 'GET', '/users/me', { key: wrongSecret });
    expect([wrong.status, wrong.json.detail]).toEqual([401, 'Invalid token or user not found']);
    const jwt = await call(emu, 'GET', '/users/me', { headers: { authorization: 'Bearer eyJhbGciOi.x.y' } });
    expect(jwt.json.detail).toBe('Missing or invalid authorization header(s)');
  });

  it('lets scoped keys invoke their chute but not manage anything', async () => {
    const echoId = (await call(emu, 'GET', '/chutes/demo-echo', { key: demo.apiKey })).json.chute_id;
    const created = await call(emu, 'POST', '/api_keys/', {
      key: demo.apiKey,
      body: { name: 'invoke-only', admin: false, scopes: [{ object_type: 'chutes', object_id: echoId, action: 'invoke' }] },
    });
    expect(created.status).toBe(200);
    const scoped = created.json.secret_key as string;
    const invoked = await call(emu, 'POST', '/echo', { host: 'demo-demo-echo.chutes.ai', key: scoped, body: { text: 'hi' } });
    expect(invoked.status).toBe(200);
    const otherChute = await call(emu, 'POST', '/v1/chat/completions', {
      host: 'demo-secure-chat-tee.chutes.ai',
      key: scoped,
      body: { model: 'secure-chat-TEE', messages: [{ role: 'user', content: 'x' }] },
    });
    expect([otherChute.status, otherChute.json.detail]).toEqual([401, 'Invalid token or user not found']);
    for (const [method, path] of [['GET', '/chutes/'], ['GET', `/chutes/${echoId}`], ['GET', '/users/me']]) {
      const r = await call(emu, method, path, { key: scoped });
      expect([r.status, r.json.detail], `${method} ${path}`).toEqual([401, 'Invalid token or user not found']);
    }
    // The llm. host is granted by any chutes scope whose action matches (the __megallm__ special case).
    const llm = await call(emu, 'POST', '/v1/chat/completions', {
      host: 'llm.chutes.ai',
      key: scoped,
      body: { model: 'unsloth/Llama-3.2-1B-Instruct', messages: [{ role: 'user', content: 'x' }] },
    });
    expect(llm.status).toBe(200);
  });
});

describe('hotkey signatures', () => {
  it('accepts a purpose-signed GET and a body-hash-signed POST', async () => {
    const me = await call(emu, 'GET', '/users/me', { headers: await signed(demo.hotkeySeed, 'me') });
    expect([me.status, me.json.user_id]).toEqual([200, demo.userId]);
    const body = JSON.stringify({ name: 'signed-key', admin: true });
    const post = await call(emu, 'POST', '/api_keys/', { body, headers: await signed(demo.hotkeySeed, sha256Hex(body)) });
    expect(post.status).toBe(200);
    expect(post.json.secret_key).toMatch(/^cpk_[a-f0-9]{32}\.[a-f0-9]{32}\.[a-zA-Z0-9]{32}$/);
  });

  it('checks the purpose of the route, not the body hash, on GET', async () => {
    const r = await call(emu, 'GET', '/chutes/', { headers: await signed(demo.hotkeySeed, 'me') });
    expect(r.status).toBe(401);
    expect(r.json.detail).toBe(`Invalid request signature for hotkey ${demo.hotkeySs58}. Message: ${demo.hotkeySs58}:${r.json.detail.split(':')[2]}:chutes`);
  });

  it('rejects stale nonces, bad hex, bad signatures and unknown hotkeys with the server texts', async () => {
    const stale = await call(emu, 'GET', '/users/me', { headers: await signed(demo.hotkeySeed, 'me', Math.floor(Date.now() / 1000) - 601) });
    expect(stale.json).toEqual({ detail: 'Invalid nonce!' });
    const skewed = await call(emu, 'GET', '/users/me', { headers: await signed(demo.hotkeySeed, 'me', Math.floor(Date.now() / 1000) + 590) });
    expect(skewed.status).toBe(200);

    const headers = await signed(demo.hotkeySeed, 'me');
    const prefixed = await call(emu, 'GET', '/users/me', { headers: { ...headers, 'x-chutes-signature': `0x${headers['x-chutes-signature']}` } });
    expect(prefixed.json.detail).toBe(`Invalid signature: 0x${headers['x-chutes-signature']}, with error: non-hexadecimal number found in fromhex() arg at position 1`);

    const flipped = headers['x-chutes-signature'].replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const bad = await call(emu, 'GET', '/users/me', { headers: { ...headers, 'x-chutes-signature': flipped } });
    expect(bad.json.detail).toBe(`Invalid request signature for hotkey ${demo.hotkeySs58}. Message: ${demo.hotkeySs58}:${headers['x-chutes-nonce']}:me`);

    const strangerSeed = 'ee'.repeat(32);
    const stranger = await call(emu, 'GET', '/users/me', { headers: await signed(strangerSeed, 'me') });
    await cryptoWaitReady();
    const strangerSs58 = new Keyring({ type: 'sr25519' }).addFromSeed(Buffer.from(strangerSeed, 'hex')).address;
    expect(stranger.json.detail).toBe(`Could not find user with hotkey: ${strangerSs58}`);
  });

  it('ignores an incomplete header set and falls back to Authorization', async () => {
    const { 'x-chutes-signature': _drop, ...partial } = await signed(demo.hotkeySeed, 'me');
    const withKey = await call(emu, 'GET', '/users/me', { headers: partial, key: demo.apiKey });
    expect(withKey.status).toBe(200);
    const without = await call(emu, 'GET', '/users/me', { headers: partial });
    expect(without.json.detail).toBe("Can't find a user with that api key in our db :(");
  });

  it('prefers hotkey auth over an Authorization header when both are sent', async () => {
    const headers = await signed(demo.hotkeySeed, 'wrong-purpose');
    const r = await call(emu, 'GET', '/users/me', { headers, key: demo.apiKey });
    expect(r.status).toBe(401);
  });

  it('needs a purpose or a body: GET routes without one refuse hotkeys', async () => {
    const echoId = (await call(emu, 'GET', '/chutes/demo-echo', { key: demo.apiKey })).json.chute_id;
    const r = await call(emu, 'GET', `/e2e/instances/${echoId}`, { headers: await signed(demo.hotkeySeed, 'anything') });
    expect(r.json).toEqual({ detail: 'Either payload_str or purpose must be provided' });
  });

  it("accepts btwallet's <Bytes>-wrapped message", async () => {
    await cryptoWaitReady();
    const pair = new Keyring({ type: 'sr25519' }).addFromSeed(Buffer.from(demo.hotkeySeed, 'hex'));
    const nonce = String(Math.floor(Date.now() / 1000));
    const signature = pair.sign(new TextEncoder().encode(`<Bytes>${pair.address}:${nonce}:me</Bytes>`));
    const headers = { 'x-chutes-hotkey': pair.address, 'x-chutes-nonce': nonce, 'x-chutes-signature': Buffer.from(signature).toString('hex') };
    expect((await call(emu, 'GET', '/users/me', { headers })).status).toBe(200);
  });

  it('verifies the keyring-derived address matches the seeded hotkey', async () => {
    await cryptoWaitReady();
    expect(new Keyring({ type: 'sr25519' }).addFromSeed(Buffer.from(demo.hotkeySeed, 'hex')).address).toBe(demo.hotkeySs58);
  });
});
