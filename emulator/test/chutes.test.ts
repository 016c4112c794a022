import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { chuteIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, signed, startDemo, stream } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
const alice = seedCredentials('alice');
const get = (path: string, key = demo.apiKey) => call(emu, 'GET', path, { key });
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

describe('GET /chutes/ (list)', () => {
  it('pages the caller own chutes in the envelope, ordered by invocation count', async () => {
    const first = await get('/chutes/');
    expect(first.status).toBe(200);
    expect(Object.keys(first.json)).toEqual(['total', 'page', 'limit', 'items', 'cord_refs']);
    expect(first.json.total).toBe(33);
    expect([first.json.page, first.json.limit, first.json.items.length]).toEqual([0, 25, 25]);
    const second = await get('/chutes/?page=1');
    expect(second.json.items).toHaveLength(8);
    const all = [...first.json.items, ...second.json.items];
    expect(new Set(all.map((c: { chute_id: string }) => c.chute_id)).size).toBe(33);
    const counts = all.map((c: { invocation_count: number }) => c.invocation_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(all.every((c: { user: { username: string } }) => c.user.username === 'demo')).toBe(true);
  });

  it('nulls cords in items and shares them through cord_refs without schemas', async () => {
    const r = await get('/chutes/?name=demo-echo');
    const [item] = r.json.items;
    expect(item.cords).toBeNull();
    const cords = r.json.cord_refs[item.cord_ref_id];
    expect(cords.map((c: { public_api_path: string }) => c.public_api_path)).toEqual(['/echo', '/shout', '/stream', '/health', '/tokens']);
    expect(cords[0]).not.toHaveProperty('input_schema');
    const withSchemas = await get('/chutes/?name=demo-echo&include_schemas=true');
    expect(withSchemas.json.cord_refs[item.cord_ref_id][0].input_schema.required).toEqual(['text']);
    const batch = await get('/chutes/?name=demo-batch&limit=30');
    expect(Object.keys(batch.json.cord_refs)).toHaveLength(1); // identical cords share one ref
  });

  it('filters by include_public, name, exclude, template and slug', async () => {
    const anonymous = await call(emu, 'GET', '/chutes/');
    expect(anonymous.json.items.map((c: { name: string }) => c.name)).toEqual(['unsloth/Llama-3.2-1B-Instruct', 'Qwen/Qwen3-32B', 'deepseek-ai/DeepSeek-R1-TEE', 'FLUX.1-schnell']);
    expect((await get('/chutes/?include_public=true&limit=100')).json.total).toBe(37);
    expect((await get('/chutes/?name=BATCH&exclude=batch-1')).json.total).toBe(20);
    expect((await get('/chutes/?template=diffusion')).json.items.map((c: { name: string }) => c.name)).toEqual(['stabilityai/sdxl-turbo']);
    expect((await get('/chutes/?template=other')).json.total).toBe(31);
    expect((await get('/chutes/?slug=DEMO-DEMO-ECHO')).json.items[0].name).toBe('demo-echo');
    expect((await get('/chutes/?offset=30&limit=2')).json.items).toHaveLength(2);
  });

  it('rejects page with offset (400) and out-of-range paging (422)', async () => {
    expect((await get('/chutes/?page=1&offset=2')).json).toEqual({ detail: 'Cannot specify both page and offset, select <= 1 of these.' });
    const bad = await get('/chutes/?limit=0&page=101&include_public=maybe');
    expect(bad.status).toBe(422);
    expect(bad.json.detail.map((d: { loc: string[]; type: string }) => [d.loc.join('.'), d.type])).toEqual([
      ['query.include_public', 'bool_parsing'],
      ['query.page', 'less_than_equal'],
      ['query.limit', 'greater_than_equal'],
    ]);
  });
});

describe('GET /chutes/{id or name}', () => {
  it('finds a chute by UUID or by name (names may contain slashes) with cords and prices', async () => {
    const byName = await call(emu, 'GET', '/chutes/unsloth/Llama-3.2-1B-Instruct');
    expect(byName.status).toBe(200);
    expect(byName.json.chute_id).toBe(chuteIdFor('chutes', 'unsloth/Llama-3.2-1B-Instruct'));
    expect(byName.json.cords).toHaveLength(7);
    expect(byName.json.current_estimated_price.per_million_tokens.input.usd).toBeGreaterThan(0);
    expect(byName.json.node_selector.supported_gpus).toEqual(byName.json.supported_gpus);
    const byId = await get(`/chutes/${byName.json.chute_id}`);
    expect(byId.json.slug).toBe('chutes-unsloth-llama-3-2-1b-instruct');
    const own = await get('/chutes/demo-echo');
    expect(own.json.current_estimated_price.hourly_price_range.usd.min).toBe(0.2);
    expect(own.json.compute_multiplier_factors).toEqual({ base: 0.2 / 4.5, private: 2 });
  });

  it("answers 404, not 403, for another user's private chute", async () => {
    const r = await get('/chutes/alice-notes');
    expect([r.status, r.json.detail]).toEqual([404, 'Chute not found, or does not belong to you']);
  });

  it('serves the source as text/plain', async () => {
    const id = chuteIdFor('demo', 'demo-echo');
    const r = await get(`/chutes/code/${id}`);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.text).toContain('@chute.cord(public_api_path="/echo")');
    expect((await call(emu, 'GET', `/chutes/code/${id}`)).status).toBe(404);
  });
});

describe('PUT, DELETE, share', () => {
  it('updates cosmetic and scaling settings of own chutes only', async () => {
    const r = await call(emu, 'PUT', '/chutes/demo-batch-30', { key: demo.apiKey, body: { tagline: 'renamed', shutdown_after_seconds: 600, readme: '  ' } });
    expect(r.status).toBe(200);
    expect([r.json.tagline, r.json.shutdown_after_seconds, r.json.readme]).toEqual(['renamed', 600, '# demo-batch-30\n']);
    expect(r.json.current_estimated_price).toBeNull();
    const bad = await call(emu, 'PUT', '/chutes/demo-batch-30', { key: demo.apiKey, body: { scaling_threshold: 2 } });
    expect(bad.json.detail[0]).toMatchObject({ type: 'less_than_equal', loc: ['body', 'scaling_threshold'] });
    expect((await call(emu, 'PUT', '/chutes/alice-notes', { key: demo.apiKey, body: {} })).status).toBe(404);
  });

  it('deletes by UUID only', async () => {
    const byName = await call(emu, 'DELETE', '/chutes/demo-batch-29', { key: demo.apiKey });
    expect([byName.status, byName.json.detail]).toEqual([400, 'Must use chute UUID to delete.']);
    const id = chuteIdFor('demo', 'demo-batch-29');
    const deleted = await call(emu, 'DELETE', `/chutes/${id}`, { headers: await signed(demo.hotkeySeed, 'chutes') });
    expect(deleted.json).toEqual({ chute_id: id, deleted: true });
    expect((await get(`/chutes/${id}`)).status).toBe(404);
    const alicesChute = chuteIdFor('alice', 'alice-notes');
    expect((await call(emu, 'DELETE', `/chutes/${alicesChute}`, { key: demo.apiKey })).status).toBe(404);
  });

  it('shares a private chute with another user and unshares it', async () => {
    const share = await call(emu, 'POST', '/chutes/share', { key: demo.apiKey, body: { chute_id_or_name: 'demo-echo', user_id_or_name: 'alice' } });
    expect(share.json).toEqual({ status: "Successfully shared chute.name='demo-echo' with user.username='alice'" });
    expect((await get('/chutes/demo-echo', alice.apiKey)).status).toBe(200);
    const self = await call(emu, 'POST', '/chutes/share', { key: demo.apiKey, body: { chute_id_or_name: 'demo-echo', user_id_or_name: 'demo' } });
    expect(self.json.detail).toBe('Cannot share a chute with yourself');
    const nobody = await call(emu, 'POST', '/chutes/share', { key: demo.apiKey, body: { chute_id_or_name: 'demo-echo', user_id_or_name: 'nobody' } });
    expect([nobody.status, nobody.json.detail]).toEqual([404, 'Could not find target user to share with']);
    const unshare = await call(emu, 'POST', '/chutes/unshare', { key: demo.apiKey, body: { chute_id_or_name: 'demo-echo', user_id_or_name: 'alice' } });
    expect(unshare.json.status).toBe("Successfully unshared chute.name='demo-echo' with user.username='alice' (if share exists)");
    expect((await get('/chutes/demo-echo', alice.apiKey)).status).toBe(404);
  });
});

describe('warmup', () => {
  it('streams cold events, then hot, and the chute stays hot', async () => {
    const before = await get('/chutes/stabilityai/sdxl-turbo');
    expect(before.json.hot).toBe(false);
    const r = await stream(emu, '/chutes/warmup/stabilityai/sdxl-turbo', { key: demo.apiKey });
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = r.text.split('\n\n').filter(Boolean);
    expect(events.slice(0, 3)).toEqual(Array(3).fill('data: {"status": "cold", "log": "waiting for instances ..."}'));
    expect(events.at(-1)).toBe('data: {"status": "hot", "log": "chute is hot, 1 instances available"}');
    expect((await get('/chutes/stabilityai/sdxl-turbo')).json.hot).toBe(true);
    const again = await stream(emu, '/chutes/warmup/stabilityai/sdxl-turbo', { key: demo.apiKey });
    expect(again.text).toBe('data: {"status": "hot", "log": "chute is hot, 1 instances available"}\n\n');
  });

  it('refuses disabled chutes (warmup and invocation answer 503)', async () => {
    const disabled = await call(emu, 'PUT', '/chutes/demo-batch-28', { key: demo.apiKey, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    const warm = await call(emu, 'GET', '/chutes/warmup/demo-batch-28', { key: demo.apiKey });
    expect([warm.status, warm.json.detail]).toEqual([503, 'This chute is currently disabled.']);
    const invoke = await call(emu, 'POST', '/echo', { host: 'demo-demo-batch-28.chutes.ai', key: demo.apiKey, body: { text: 'x' } });
    expect([invoke.status, invoke.json.detail]).toEqual([503, 'This chute is currently disabled.']);
  });

  it('needs auth and visibility', async () => {
    expect((await call(emu, 'GET', '/chutes/warmup/demo-echo')).status).toBe(401);
    expect((await call(emu, 'GET', '/chutes/warmup/alice-notes', { key: demo.apiKey })).status).toBe(404);
  });
});

describe('routing errors', () => {
  it('answers 405 for the guide-only POST /chutes/{id}/run and 404 for unknown routes', async () => {
    const run = await call(emu, 'POST', `/chutes/${chuteIdFor('demo', 'demo-echo')}/run`, { key: demo.apiKey, body: { prompt: 'x' } });
    expect([run.status, run.json]).toEqual([405, { detail: 'Method Not Allowed' }]);
    expect(run.headers.allow).toBe('GET');
    expect((await call(emu, 'GET', '/fund-validators')).json).toEqual({ detail: 'Not Found' });
    expect((await call(emu, 'PATCH', '/users/me')).status).toBe(405);
    expect((await call(emu, 'GET', '/ping', { host: 'demo-demo-echo.chutes.ai' })).json).toEqual({ message: 'pong' });
  });

  it('routes IP and localhost hosts, and unknown slugs, to the management API', async () => {
    for (const host of ['127.0.0.1:8787', 'localhost:8787', 'no-such-chute.chutes.ai']) {
      expect((await call(emu, 'GET', '/chutes/demo-echo', { host, key: demo.apiKey })).status, host).toBe(200);
    }
  });
});

describe('users and pricing', () => {
  it('returns the caller as SelfResponse, and 403 for someone else', async () => {
    const me = await get('/users/me');
    expect(me.json).toMatchObject({ username: 'demo', user_id: demo.userId, hotkey: demo.hotkeySs58, permissions_bitmask: 1, permissions: ['developer'] });
    expect(typeof me.json.balance).toBe('number');
    expect((await get(`/users/${demo.userId}`)).json.username).toBe('demo');
    const other = await get(`/users/${alice.userId}`);
    expect([other.status, other.json.detail]).toEqual([403, 'This action can only be performed by billing admin accounts.']);
  });

  it('publishes GPU prices without auth', async () => {
    const r = await call(emu, 'GET', '/pricing');
    expect(r.json.tao_usd).toBeGreaterThan(0);
    expect(r.json.gpu_price_estimates.h100.usd).toEqual({ hour: 1.79, second: 1.79 / 3600 });
    expect(Object.keys(r.json.gpu_price_estimates)).toHaveLength(27);
  });
});
