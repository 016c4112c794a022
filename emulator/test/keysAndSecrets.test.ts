import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { chuteIdFor, secretIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, signed, startDemo } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
const alice = seedCredentials('alice');
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

describe('API keys', () => {
  it('creates a key whose one-time secret has the real format and works at once', async () => {
    const r = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'ci', admin: true } });
    expect(r.status).toBe(200);
    const { secret_key: secret, api_key_id: id } = r.json;
    expect(secret).toHaveLength(102);
    expect(secret).toMatch(new RegExp(`^cpk_${id.replace(/-/g, '')}\\.${demo.userId.replace(/-/g, '')}\\.[a-zA-Z0-9]{32}$`));
    expect(r.json).toMatchObject({ user_id: demo.userId, admin: true, name: 'ci', last_used_at: null, scopes: [] });
    expect((await call(emu, 'GET', '/users/me', { key: secret })).json.username).toBe('demo');
    const listed = await call(emu, 'GET', '/api_keys/', { headers: await signed(demo.hotkeySeed, 'api_keys') });
    expect(listed.json.items.map((k: { name: string }) => k.name)).toEqual(['default', 'ci']);
    expect(listed.json.items.every((k: object) => !('secret_key' in k))).toBe(true);
    expect((await call(emu, 'GET', `/api_keys/${id}`, { key: demo.apiKey })).json.name).toBe('ci');
  });

  it('stores scopes (the response field is an always-null `method`) and ignores them for admin keys', async () => {
    const echo = chuteIdFor('demo', 'demo-echo');
    const scoped = await call(emu, 'POST', '/api_keys/', {
      key: demo.apiKey,
      body: { name: 'scoped', admin: false, scopes: [{ object_type: 'chutes', object_id: echo, action: 'invoke' }, { object_type: 'images' }] },
    });
    expect(scoped.json.scopes.map((s: object) => ({ ...s, scope_id: 'x' }))).toEqual([
      { scope_id: 'x', object_type: 'chutes', object_id: echo, method: null },
      { scope_id: 'x', object_type: 'images', object_id: null, method: null },
    ]);
    const admin = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'admin2', admin: true, scopes: [{ object_type: 'chutes' }] } });
    expect(admin.json.scopes).toEqual([]);
  });

  it('rejects bad names, object types, actions and duplicates', async () => {
    const name = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'x'.repeat(25), admin: true } });
    expect([name.status, name.json.detail]).toEqual([400, 'API key name should start with alphanumeric character and contain up to 32 total allowed characters (letters, numbers, dashes, underscores, or spaces)']);
    const type = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'typed', admin: false, scopes: [{ object_type: 'api_keys' }] } });
    expect(type.json.detail).toBe('Invalid object_type, must be one of images, chutes, invocations');
    const action = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'act', admin: false, scopes: [{ object_type: 'chutes', action: 'run' }] } });
    expect(action.json.detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'scopes', 0, 'action'], msg: "Input should be 'read', 'write', 'delete' or 'invoke'" });
    const dup = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'default', admin: true } });
    expect([dup.status, dup.json.detail]).toEqual([409, 'An API key already exists with this name']);
  });

  it('deletes own keys only; a deleted key stops working', async () => {
    const created = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'temp', admin: true } });
    const aliceKeyId = (await call(emu, 'GET', '/api_keys/', { key: alice.apiKey })).json.items[0].api_key_id;
    const foreign = await call(emu, 'DELETE', `/api_keys/${aliceKeyId}`, { key: demo.apiKey });
    expect([foreign.status, foreign.json.detail]).toEqual([404, 'Image not found, or does not belong to you']);
    const missing = await call(emu, 'GET', `/api_keys/${aliceKeyId}`, { key: demo.apiKey });
    expect(missing.json.detail).toBe(`API key with id ${aliceKeyId} not found or doesn't belong to you`);
    const deleted = await call(emu, 'DELETE', `/api_keys/${created.json.api_key_id}`, { key: demo.apiKey });
    expect(deleted.json).toEqual({ api_key_id: created.json.api_key_id, deleted: true });
    expect((await call(emu, 'GET', '/users/me', { key: created.json.secret_key })).json.detail).toBe('Invalid token or user not found');
  });
});

describe('secrets', () => {
  it('creates, lists, gets and deletes a secret bound to an own chute, never echoing the value', async () => {
    const r = await call(emu, 'POST', '/secrets/', { key: demo.apiKey, body: { purpose: 'DEMO-ECHO', key: 'HF_TOKEN', value: 'hf_fake_value_for_tests' } });
    expect(r.status).toBe(200);
    const id = secretIdFor(demo.userId, chuteIdFor('demo', 'demo-echo'), 'HF_TOKEN');
    expect(r.json).toMatchObject({ secret_id: id, key: 'HF_TOKEN', purpose: chuteIdFor('demo', 'demo-echo') });
    expect(r.text).not.toContain('hf_fake_value_for_tests');
    const list = await call(emu, 'GET', '/secrets/', { headers: await signed(demo.hotkeySeed, 'secrets') });
    expect(list.json).toMatchObject({ total: 1, page: 0, limit: 25, cord_refs: null });
    expect(Object.keys(list.json.items[0])).toEqual(['secret_id', 'key', 'purpose', 'created_at']);
    expect((await call(emu, 'GET', `/secrets/${id}`, { key: demo.apiKey })).json.secret_id).toBe(id);
    const dup = await call(emu, 'POST', '/secrets/', { key: demo.apiKey, body: { purpose: 'demo-echo', key: 'HF_TOKEN', value: 'x' } });
    expect([dup.status, dup.json.detail]).toEqual([409, 'A secret already exists for this purpose with this key.']);
    expect((await call(emu, 'DELETE', `/secrets/${id}`, { key: demo.apiKey })).json).toEqual({ status: `Successfully deleted secret ${id}`, secret_id: id });
    expect((await call(emu, 'GET', `/secrets/${id}`, { key: demo.apiKey })).json.detail).toBe('Secret not found, or does not belong to you');
  });

  it('refuses banned keys and chutes that are not yours', async () => {
    for (const key of ['PYTHONPATH', 'sgl_x', 'LD_PRELOAD', 'https_proxy']) {
      const r = await call(emu, 'POST', '/secrets/', { key: demo.apiKey, body: { purpose: 'demo-echo', key, value: 'x' } });
      expect([r.status, r.json.detail], key).toEqual([403, `Banned secret key: ${key}`]);
    }
    expect((await call(emu, 'POST', '/secrets/', { key: demo.apiKey, body: { purpose: 'demo-echo', key: 'PYTHONUNBUFFERED', value: '1' } })).status).toBe(200);
    const foreign = await call(emu, 'POST', '/secrets/', { key: demo.apiKey, body: { purpose: 'alice-notes', key: 'HF_TOKEN', value: 'x' } });
    expect([foreign.status, foreign.json.detail]).toEqual([404, 'Did not find target chute alice-notes, or it does not belong to you']);
  });
});
