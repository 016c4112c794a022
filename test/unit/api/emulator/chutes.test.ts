// Chute management: list, paginate, get, code, update, delete, share and unshare.
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import type { Chute } from '../../../../src/core/api/types';
import { seedCredentials } from '../../../../emulator/index';
import { apiError, apiKeyOf, failure, hotkeyOf, useEmulator } from './setup';

const emu = useEmulator();
const NOT_YOURS = 'Chute not found, or does not belong to you';
const PUBLIC = ['unsloth/Llama-3.2-1B-Instruct', 'Qwen/Qwen3-32B', 'deepseek-ai/DeepSeek-R1-TEE', 'FLUX.1-schnell'];

describe('listChutes and paginate', () => {
  it('lists only your own chutes, with the API key and with the hotkey', async () => {
    for (const client of [emu.apiKey, emu.hotkey]) {
      const page = await client.listChutes({ limit: 50 });
      expect(page.total).toBe(33);
      expect(page.items).toHaveLength(33);
      expect(page.items.every((c) => c.user?.username === 'demo')).toBe(true);
    }
  });

  it('re-joins each item\'s cords from cord_refs, without schemas unless asked', async () => {
    const [echo] = (await emu.apiKey.listChutes({ name: 'demo-echo' })).items;
    expect(echo.cords?.map((c) => c.public_api_path)).toEqual(['/echo', '/shout', '/stream', '/health', '/tokens']);
    expect(echo.cords?.[0].input_schema).toBeUndefined();
    const [withSchemas] = (await emu.apiKey.listChutes({ name: 'demo-echo', include_schemas: true })).items;
    expect(withSchemas.cords?.[0].input_schema).toMatchObject({ required: ['text'] });
  });

  it('adds public chutes with include_public, and shows only those signed out', async () => {
    const all = await emu.apiKey.listChutes({ include_public: true, limit: 100 });
    expect(all.total).toBe(37);
    expect(all.items.filter((c) => c.public).map((c) => c.name).sort()).toEqual([...PUBLIC].sort());
    // Ordered by invocation count, most used first.
    expect(all.items[0].name).toBe('unsloth/Llama-3.2-1B-Instruct');

    const anonymous = await emu.signedOut.listChutes({ limit: 100 });
    expect(anonymous.items.map((c) => c.name).sort()).toEqual([...PUBLIC].sort());
  });

  it('filters by name, template and slug', async () => {
    expect((await emu.apiKey.listChutes({ name: 'BATCH-2', limit: 50 })).items.map((c) => c.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `demo-batch-2${i}`),
    );
    expect((await emu.apiKey.listChutes({ template: 'diffusion' })).items.map((c) => c.name)).toEqual(['stabilityai/sdxl-turbo']);
    expect((await emu.apiKey.listChutes({ slug: 'demo-demo-echo' })).items.map((c) => c.chute_id)).toEqual([(await emu.apiKey.getChute('demo-echo')).chute_id]);
  });

  it('reports a page outside 0..100 in the server\'s validation words', async () => {
    await apiError(emu.apiKey.listChutes({ page: 101 }), 422, 'query.page: Input should be less than or equal to 100');
  });

  it('pages through all own chutes with cords re-joined', async () => {
    const pages = [];
    for await (const page of emu.hotkey.paginate((p, s) => emu.hotkey.listChutes(p, s), { limit: 25 })) pages.push(page);
    const chutes: Chute[] = pages.flatMap((p) => p.items);
    expect(pages.map((p) => [p.page, p.items.length])).toEqual([[0, 25], [1, 8]]);
    expect(new Set(chutes.map((c) => c.chute_id)).size).toBe(33);
    expect(chutes.every((c) => Array.isArray(c.cords) && c.cords.length > 0)).toBe(true);
  });
});

describe('getChute and chuteCode', () => {
  it('gets a chute by name and by id, with cords, instances and hot state', async () => {
    const byName = await emu.apiKey.getChute('demo-echo');
    expect(byName).toMatchObject({ name: 'demo-echo', slug: 'demo-demo-echo', hot: true, public: false, tagline: 'Echo, shout and stream words back' });
    expect(byName.instances).toHaveLength(1);
    expect(byName.cords?.find((c) => c.public_api_path === '/health')?.public_api_method).toBe('GET');
    const byId = await emu.hotkey.getChute(byName.chute_id);
    expect(byId.chute_id).toBe(byName.chute_id);
    expect((await emu.apiKey.getChute('stabilityai/sdxl-turbo')).hot).toBe(false);
  });

  it('shows a public chute signed out', async () => {
    const llama = await emu.signedOut.getChute('unsloth/Llama-3.2-1B-Instruct');
    expect(llama).toMatchObject({ slug: 'chutes-unsloth-llama-3-2-1b-instruct', standard_template: 'vllm', public: true, user: { username: 'chutes' } });
  });

  it('hides another user\'s private chute, and a private chute from a signed-out caller', async () => {
    await apiError(emu.apiKey.getChute('alice-notes'), 404, NOT_YOURS);
    await apiError(emu.signedOut.getChute('demo-echo'), 404, NOT_YOURS);
    await apiError(emu.apiKey.getChute('no-such-chute'), 404, NOT_YOURS);
  });

  it('returns the chute\'s source as text', async () => {
    const { chute_id } = await emu.apiKey.getChute('demo-echo');
    const code = await emu.hotkey.chuteCode(chute_id);
    expect(code).toContain('@chute.cord(public_api_path="/echo")');
    expect(code).toContain('name="demo-echo"');
  });

  it('refuses the source of a chute you cannot see, and takes only the id, as the server does', async () => {
    const { chute_id } = await emu.client(apiKeyOf(emu.alice)).getChute('alice-notes');
    await apiError(emu.apiKey.chuteCode(chute_id), 404, NOT_YOURS);
    await apiError(emu.apiKey.chuteCode('demo-echo'), 404, NOT_YOURS);
  });
});

describe('updateChute', () => {
  beforeEach(() => emu.reset());

  it('changes the tagline and scaling settings, hotkey-signed over the body', async () => {
    const updated = await emu.hotkey.updateChute('demo-echo', { tagline: 'Echo, updated', max_instances: 3, shutdown_after_seconds: 600 });
    expect(updated).toMatchObject({ name: 'demo-echo', tagline: 'Echo, updated', max_instances: 3, shutdown_after_seconds: 600 });
    expect((await emu.apiKey.getChute('demo-echo')).tagline).toBe('Echo, updated');
  });

  it('disables a chute: its instances stop and invocations get 503', async () => {
    const chute = await emu.apiKey.updateChute('demo-echo', { disabled: true });
    expect(chute.instances).toEqual([]);
    await apiError(
      emu.apiKey.invokeCord('demo-demo-echo', { public_api_path: '/echo', public_api_method: 'POST', stream: false }, { text: 'hi' }),
      503,
      'This chute is currently disabled.',
    );
  });

  it('renders a 422 validation list as "loc: msg"', async () => {
    const error = await apiError(emu.apiKey.updateChute('demo-echo', { max_instances: 0, scaling_threshold: 2 }), 422, 'body.max_instances: Input should be greater than or equal to 1');
    expect(error.message).toContain('; body.scaling_threshold: Input should be less than or equal to 1');
    expect(Array.isArray(error.detail)).toBe(true);
  });

  it('refuses another user\'s chute, and fails locally signed out', async () => {
    await apiError(emu.apiKey.updateChute('alice-notes', { tagline: 'mine now' }), 404, NOT_YOURS);
    await apiError(emu.apiKey.updateChute('unsloth/Llama-3.2-1B-Instruct', { tagline: 'mine now' }), 404, NOT_YOURS);
    expect(await failure(emu.signedOut.updateChute('demo-echo', { tagline: 'x' }))).toBeInstanceOf(AuthRequiredError);
  });
});

describe('deleteChute', () => {
  beforeEach(() => emu.reset());

  it('deletes by UUID, after which the chute is gone', async () => {
    const { chute_id } = await emu.apiKey.getChute('demo-batch-07');
    expect(await emu.hotkey.deleteChute(chute_id)).toEqual({ chute_id, deleted: true });
    await apiError(emu.apiKey.getChute(chute_id), 404, NOT_YOURS);
    expect((await emu.apiKey.listChutes({ limit: 50 })).total).toBe(32);
  });

  it('needs the UUID, not the name', async () => {
    await apiError(emu.apiKey.deleteChute('demo-batch-07'), 400, 'Must use chute UUID to delete.');
  });

  it('refuses another user\'s chute and an unknown id alike', async () => {
    const { chute_id } = await emu.client(apiKeyOf(emu.alice)).getChute('alice-notes');
    await apiError(emu.apiKey.deleteChute(chute_id), 404, NOT_YOURS);
    await apiError(emu.apiKey.deleteChute('00000000-0000-4000-8000-000000000000'), 404, NOT_YOURS);
  });
});

describe('shareChute and unshareChute', () => {
  beforeEach(() => emu.reset());

  it('shares a private chute with alice, who can then see and invoke it, until it is unshared', async () => {
    const alice = emu.client(apiKeyOf(emu.alice));
    await apiError(alice.getChute('demo-echo'), 404, NOT_YOURS);

    const shared = await emu.hotkey.shareChute({ chute_id_or_name: 'demo-echo', user_id_or_name: 'alice' });
    expect(shared.status).toBe("Successfully shared chute.name='demo-echo' with user.username='alice'");
    expect((await alice.getChute('demo-echo')).slug).toBe('demo-demo-echo');
    const result = await alice.invokeCord('demo-demo-echo', { public_api_path: '/echo', public_api_method: 'POST', stream: false }, { text: 'from alice' });
    expect(result).toMatchObject({ kind: 'json', value: { echo: 'from alice' } });

    const unshared = await emu.apiKey.unshareChute({ chute_id_or_name: 'demo-echo', user_id_or_name: emu.alice.userId });
    expect(unshared.status).toContain('Successfully unshared');
    await apiError(alice.getChute('demo-echo'), 404, NOT_YOURS);
  });

  it('refuses sharing with yourself, with an unknown user, and a chute that is not yours', async () => {
    await apiError(emu.apiKey.shareChute({ chute_id_or_name: 'demo-echo', user_id_or_name: 'demo' }), 400, 'Cannot share a chute with yourself');
    await apiError(emu.apiKey.shareChute({ chute_id_or_name: 'demo-echo', user_id_or_name: 'nobody-here' }), 404, 'Could not find target user to share with');
    await apiError(emu.apiKey.shareChute({ chute_id_or_name: 'alice-notes', user_id_or_name: 'alice' }), 404, 'Did not find target chute alice-notes, or it does not belong to you');
  });

  it('refuses sharing a public chute', async () => {
    const platform = emu.client(hotkeyOf(seedCredentials('chutes')));
    await apiError(platform.shareChute({ chute_id_or_name: 'FLUX.1-schnell', user_id_or_name: 'demo' }), 400, 'Chute is public, no need to share.');
  });

  it('reports a missing field of the share body', async () => {
    await apiError(emu.apiKey.shareChute({ chute_id_or_name: 'demo-echo' } as never), 422, 'body.user_id_or_name: Field required');
  });
});
