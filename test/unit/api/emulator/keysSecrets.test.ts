// API keys and secrets: create, list, get, delete, what a new key can do, and each refusal.
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import { apiError, failure, useEmulator } from './setup';

const emu = useEmulator();
const ECHO = { public_api_path: '/echo', public_api_method: 'POST', stream: false };

beforeEach(() => emu.reset());

describe('API keys', () => {
  it('creates a scoped key with a body-hash signature, lists and gets it without the secret, and deletes it', async () => {
    const created = await emu.hotkey.createApiKey({ name: 'ci-test', admin: false, scopes: [{ object_type: 'chutes', action: 'invoke' }] });
    expect(created.secret_key).toMatch(new RegExp(`^cpk_${created.api_key_id.replace(/-/g, '')}\\.${emu.demo.userId.replace(/-/g, '')}\\.[A-Za-z0-9]{32}$`));
    expect(created).toMatchObject({ name: 'ci-test', admin: false, user_id: emu.demo.userId, scopes: [{ object_type: 'chutes', object_id: null, method: null }] });

    const listed = await emu.hotkey.listApiKeys({ limit: 50 });
    expect(listed.items.map((k) => k.name).sort()).toEqual(['ci-test', 'default']);
    expect(listed.items.some((k) => 'secret_key' in k)).toBe(false);
    const { secret_key: _secret, ...shown } = created;
    expect(await emu.apiKey.getApiKey(created.api_key_id)).toEqual(shown);

    expect(await emu.hotkey.deleteApiKey(created.api_key_id)).toEqual({ api_key_id: created.api_key_id, deleted: true });
    await apiError(emu.hotkey.getApiKey(created.api_key_id), 404, `API key with id ${created.api_key_id} not found or doesn't belong to you`);
    // The server's own text for a missing key on delete really names an image.
    await apiError(emu.apiKey.deleteApiKey(created.api_key_id), 404, 'Image not found, or does not belong to you');
  });

  it('gives a working key: an admin key manages, an invoke-scoped key only invokes', async () => {
    const admin = await emu.apiKey.createApiKey({ name: 'admin-2', admin: true });
    expect((await emu.client({ kind: 'apiKey', apiKey: admin.secret_key }).me()).username).toBe('demo');

    const scoped = await emu.apiKey.createApiKey({ name: 'invoke-only', admin: false, scopes: [{ object_type: 'chutes', action: 'invoke' }] });
    const invoker = emu.client({ kind: 'apiKey', apiKey: scoped.secret_key });
    expect(await invoker.invokeCord('demo-demo-echo', ECHO, { text: 'scoped' })).toMatchObject({ kind: 'json', value: { echo: 'scoped', length: 6 } });
    await apiError(invoker.listChutes(), 401, 'Invalid token or user not found');
    await apiError(invoker.listApiKeys(), 401, 'Invalid token or user not found');
  });

  it('stops working once deleted', async () => {
    const created = await emu.apiKey.createApiKey({ name: 'short-lived', admin: true });
    const client = emu.client({ kind: 'apiKey', apiKey: created.secret_key });
    expect((await client.me()).username).toBe('demo');
    await emu.apiKey.deleteApiKey(created.api_key_id);
    await apiError(client.me(), 401, 'Invalid token or user not found');
  });

  it('refuses a duplicate name, a bad name, an unknown object type and an unknown action', async () => {
    await apiError(emu.apiKey.createApiKey({ name: 'default', admin: true }), 409, 'An API key already exists with this name');
    await apiError(emu.apiKey.createApiKey({ name: 'a/b', admin: true }), 400, 'API key name should start with alphanumeric character');
    await apiError(emu.apiKey.createApiKey({ name: 'k', admin: false, scopes: [{ object_type: 'api_keys' }] }), 400, 'Invalid object_type, must be one of images, chutes, invocations');
    await apiError(
      emu.apiKey.createApiKey({ name: 'k', admin: false, scopes: [{ object_type: 'chutes', action: 'fly' as never }] }),
      422,
      "body.scopes.0.action: Input should be 'read', 'write', 'delete' or 'invoke'",
    );
  });

  it('fails locally signed out', async () => {
    for (const call of [emu.signedOut.listApiKeys(), emu.signedOut.createApiKey({ name: 'x', admin: true }), emu.signedOut.deleteApiKey('x')]) {
      expect(await failure(call)).toBeInstanceOf(AuthRequiredError);
    }
  });
});

describe('secrets', () => {
  it('creates a secret for a chute, lists it without the value, and deletes it', async () => {
    const { chute_id } = await emu.apiKey.getChute('demo-echo');
    const secret = await emu.hotkey.createSecret({ purpose: 'demo-echo', key: 'HF_TOKEN', value: 'hf_fake_value_for_tests' });
    expect(secret).toMatchObject({ key: 'HF_TOKEN', purpose: chute_id });
    expect(secret.secret_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
    expect(JSON.stringify(secret)).not.toContain('hf_fake_value_for_tests');

    const listed = await emu.apiKey.listSecrets();
    expect(listed.items).toEqual([{ secret_id: secret.secret_id, key: 'HF_TOKEN', purpose: chute_id, created_at: secret.created_at }]);

    expect(await emu.hotkey.deleteSecret(secret.secret_id)).toEqual({ status: `Successfully deleted secret ${secret.secret_id}`, secret_id: secret.secret_id });
    expect((await emu.hotkey.listSecrets()).items).toEqual([]);
    await apiError(emu.apiKey.deleteSecret(secret.secret_id), 404, 'Secret not found, or does not belong to you');
  });

  it('goes with its chute when the chute is deleted', async () => {
    const { chute_id } = await emu.apiKey.getChute('demo-batch-03');
    await emu.apiKey.createSecret({ purpose: chute_id, key: 'API_TOKEN', value: 'x' });
    await emu.apiKey.deleteChute(chute_id);
    expect((await emu.apiKey.listSecrets()).total).toBe(0);
  });

  it('refuses a duplicate, a banned key, a chute that is not yours and a missing value', async () => {
    await emu.apiKey.createSecret({ purpose: 'demo-echo', key: 'HF_TOKEN', value: 'one' });
    await apiError(emu.apiKey.createSecret({ purpose: 'demo-echo', key: 'HF_TOKEN', value: 'two' }), 409, 'A secret already exists for this purpose with this key.');
    await apiError(emu.apiKey.createSecret({ purpose: 'demo-echo', key: 'HTTPS_PROXY', value: 'http://x' }), 403, 'Banned secret key: HTTPS_PROXY');
    await apiError(emu.apiKey.createSecret({ purpose: 'demo-echo', key: 'PYTHONPATH', value: '/x' }), 403, 'Banned secret key: PYTHONPATH');
    await apiError(emu.apiKey.createSecret({ purpose: 'alice-notes', key: 'K', value: 'v' }), 404, 'Did not find target chute alice-notes, or it does not belong to you');
    await apiError(emu.apiKey.createSecret({ purpose: 'demo-echo', key: 'K' } as never), 422, 'body.value: Field required');
  });

  it('fails locally signed out', async () => {
    expect(await failure(emu.signedOut.listSecrets())).toBeInstanceOf(AuthRequiredError);
    expect(await failure(emu.signedOut.createSecret({ purpose: 'demo-echo', key: 'K', value: 'v' }))).toBeInstanceOf(AuthRequiredError);
  });
});
