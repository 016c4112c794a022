import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { chuteIdFor, chuteVersionFor, imageIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, sha256Hex, signed, startDemo } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
const echoImage = imageIdFor('demo', 'echo-image', '0.1');
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'my-echo',
  tagline: 'Echo demo',
  readme: '## Echo',
  image: echoImage,
  public: false,
  standard_template: null,
  node_selector: { gpu_count: 1, min_vram_gb_per_gpu: 24 },
  filename: 'echo.py',
  ref_str: 'echo:chute',
  code: 'from chutes.chute import Chute\n',
  cords: [{ method: 'POST', path: '/echo', public_api_path: '/echo', public_api_method: 'POST', stream: false, function: 'echo' }],
  jobs: [],
  ...overrides,
});
const deploy = (b: unknown, query = '?accept_fee=true') => call(emu, 'POST', `/chutes/${query}`, { key: demo.apiKey, body: b });
const balance = async () => (await call(emu, 'GET', '/users/me', { key: demo.apiKey })).json.balance as number;

describe('POST /chutes/ validation', () => {
  it('answers 422 in the FastAPI shape, listing every problem', async () => {
    const r = await deploy({ name: 'x', public: 'sometimes', node_selector: { gpu_count: 9, include: ['h100', 'tpu'] }, revision: 'abc' });
    expect(r.status).toBe(422);
    const byLoc = Object.fromEntries(r.json.detail.map((d: { loc: string[] }) => [d.loc.join('.'), d]));
    expect(byLoc['body.name']).toEqual({ type: 'string_too_short', loc: ['body', 'name'], msg: 'String should have at least 3 characters', input: 'x', ctx: { min_length: 3 } });
    expect(byLoc['body.image']).toMatchObject({ type: 'missing', msg: 'Field required' });
    expect(byLoc['body.public'].type).toBe('bool_parsing');
    expect(byLoc['body.node_selector.gpu_count'].msg).toBe('Input should be less than or equal to 8');
    expect(byLoc['body.node_selector.include'].msg).toBe("Value error, Invalid GPU identifiers `include`: {'tpu'}");
    expect(byLoc['body.revision'].type).toBe('string_pattern_mismatch');
    const cords = await deploy(body({ cords: [{ path: '/x' }] }));
    expect(cords.json.detail.map((d: { loc: (string | number)[] }) => d.loc.join('.'))).toEqual(['body.cords.0.method', 'body.cords.0.function', 'body.cords.0.stream']);
  });

  it('checks auth before the body', async () => {
    expect((await call(emu, 'POST', '/chutes/', { body: {} })).status).toBe(401);
  });
});

describe('deploy rules', () => {
  it('gates the fee with 402 unless accept_fee=true, then charges it once', async () => {
    const before = await balance();
    const notice = await deploy(body(), '?accept_fee=false');
    expect(notice.status).toBe(402);
    // min_vram 24: the cheapest supported GPU is $0.25/h, so the fee is 3 x 0.25.
    expect(notice.json.detail).toBe(
      'DEPLOYMENT FEE NOTICE:\n===\nThere is a deployment fee of (hourly price per GPU * number of GPUs * 3), which for this configuration is: $0.75\n To acknowledge this fee, ensure you have chutes>=0.3.23 and re-run the deployment command with `--accept-fee`',
    );
    const r = await deploy(body());
    expect(r.status).toBe(200);
    expect(r.json.chute_id).toBe(chuteIdFor('demo', 'my-echo'));
    expect(r.json.slug).toBe('demo-my-echo');
    expect(r.json.version).toBe(chuteVersionFor(echoImage, null, 'from chutes.chute import Chute\n'));
    expect(r.json.hot).toBe(false);
    expect(r.json.node_selector).toEqual({ gpu_count: 1, min_vram_gb_per_gpu: 24, exclude: ['b200', 'mi300x'], include: null, dynamic: false });
    expect(r.json.supported_gpus).toEqual(['3090', '4090', 'a10', 'a40', 'a5000', 'a6000', 'l4', 'l40', 'pro_6000']);
    expect(r.json.cords[0]).toEqual({
      method: 'POST', path: '/echo', function: 'echo', stream: false, passthrough: false, public_api_path: '/echo', public_api_method: 'POST',
      input_schema: {}, output_schema: {}, output_content_type: null, minimal_input_schema: {},
    });
    expect(before - (await balance())).toBeCloseTo(0.75, 10);
  });

  it('updates in place on redeploy with new code: same id and slug, new version, no fee', async () => {
    const before = await balance();
    const first = await call(emu, 'GET', '/chutes/my-echo', { key: demo.apiKey });
    const r = await deploy(body({ code: 'print("v2")\n', tagline: 'v2' }), '?accept_fee=false');
    expect(r.status).toBe(200);
    expect([r.json.chute_id, r.json.slug, r.json.tagline]).toEqual([first.json.chute_id, first.json.slug, 'v2']);
    expect(r.json.version).not.toBe(first.json.version);
    expect(await balance()).toBe(before);
    const same = await deploy(body({ code: 'print("v2")\n' }));
    expect([same.status, same.json.detail]).toEqual([409, `Chute with name=my-echo, version='${r.json.version}' and public=False already exists`]);
  });

  it('accepts hotkey-signed deploys (body hash) like the CLI sends them', async () => {
    const raw = JSON.stringify(body({ name: 'signed-echo' }));
    const r = await call(emu, 'POST', '/chutes/?accept_fee=true', { body: raw, headers: await signed(demo.hotkeySeed, sha256Hex(raw)) });
    expect(r.status).toBe(200);
  });

  it('refuses TEE for ordinary developers and TEE names without tee=True', async () => {
    const tee = await deploy(body({ name: 'private-llm', tee: true }));
    expect([tee.status, tee.json.detail]).toEqual([400, 'TEE private deployments are limited at this time due to infrastructure capacity limitations.']);
    const named = await deploy(body({ name: 'my-chute-TEE' }));
    expect(named.json.detail).toBe("Avoid using 'TEE' in the chute name unless tee=True in the chute definition");
  });

  it('refuses public chutes and old SDK images, but not unbuilt images', async () => {
    expect((await deploy(body({ public: true }))).json.detail).toMatch(/^Chutes no longer supports public chutes\./);
    for (const image of ['alice/notes-image:1.0', 'nope:1', imageIdFor('alice', 'notes-image', '1.0')]) {
      const r = await deploy(body({ name: 'img-check', image }));
      expect([r.status, r.json.detail], image).toEqual([400, 'Chute image not found, or does not belong to you']);
    }
    // The server never checks the image's status (docs/platform.md §8): an unbuilt image deploys.
    for (const [i, image] of ['demo/building-image:0.2', imageIdFor('demo', 'pending-image', '0.3'), 'broken-image:0.1'].entries()) {
      const r = await deploy(body({ name: `img-check-${i}`, image }));
      expect([r.status, r.json.image?.status], image).toEqual([200, expect.stringMatching(/^(building|pending build|error: )/)]);
    }
    const legacy = await deploy(body({ name: 'img-check', image: 'legacy-image:0.1' }));
    expect(legacy.json.detail).toMatch(/^Unable to deploy chutes with chutes version < 0\.3\.61/);
    const standard = await deploy(body({ name: 'std-image', image: 'chutes/vllm:nightly-2025111700' }));
    expect(standard.status).toBe(200);
  });

  it('applies the node-selector rules of the server', async () => {
    const include = await deploy(body({ name: 'sel', node_selector: { include: ['a100_40gb'] } }));
    expect(include.json.detail).toMatch(/^Only these GPUs can be explicitly required in the `include` field: \['h100'/);
    const spread = await deploy(body({ name: 'sel', node_selector: { include: ['a100', 'b200'] } }));
    expect(spread.json.detail).toMatch(/^Your node selector's supported GPU price range is too large, currently ranging from \$1\.2 to \$4\.5/);
    // No GPU left after the VRAM filter: the server's consumer-GPU check answers (§8).
    const none = await deploy(body({ name: 'sel', node_selector: { include: ['h100'], min_vram_gb_per_gpu: 140 } }));
    expect([none.status, none.json.detail]).toEqual([403, 'You are not allowed to require consumer GPUs exclusively.']);
    // The spread is measured after the VRAM filter: a6000_ada (48 GB) does not count next to h200.
    const filtered = await deploy(body({ name: 'filtered', node_selector: { include: ['a6000_ada', 'h200'], min_vram_gb_per_gpu: 80 } }));
    expect(filtered.status).toBe(200);
    expect(filtered.json.supported_gpus).toEqual(['h200']);
    // max_hourly_price_per_gpu is not a field of the server's NodeSelector: dropped, no filter.
    const capped = await deploy(body({ name: 'capped', node_selector: { min_vram_gb_per_gpu: 24, max_hourly_price_per_gpu: 0.3 } }));
    expect(capped.status).toBe(200);
    expect(capped.json.node_selector).not.toHaveProperty('max_hourly_price_per_gpu');
    expect(capped.json.supported_gpus).toEqual(['3090', '4090', 'a10', 'a40', 'a5000', 'a6000', 'l4', 'l40', 'pro_6000']);
    // GPU ids are looked up as own entries only.
    const proto = await deploy(body({ name: 'sel', node_selector: { include: ['constructor'] } }));
    expect([proto.status, proto.json.detail[0].msg]).toEqual([422, "Value error, Invalid GPU identifiers `include`: {'constructor'}"]);
    const tooMany = await deploy(body({ name: 'sel', node_selector: { exclude: ['3090', '4090', 'a10', 'l4', 'a5000', 'a6000'] } }));
    expect(tooMany.json.detail).toBe('Maximum of 5 GPUs can be included in the `exclude` field');
    const big = await deploy(body({ name: 'big-model', node_selector: { gpu_count: 2, min_vram_gb_per_gpu: 80 } }), '?accept_fee=false');
    expect(big.json.detail).toContain('which for this configuration is: $7.2'); // 3 x 2 x $1.20 (a100/h20)
  });

  it('needs a revision for vllm, cords or jobs, and valid ORM fields', async () => {
    expect((await deploy(body({ name: 'llm', standard_template: 'vllm' }))).json.detail).toBe('Missing required revision parameter for vllm template.');
    expect((await deploy(body({ name: 'empty-chute', cords: [] }))).json.detail).toBe('A chute must define at least one cord() or job() function!');
    expect((await deploy(body({ name: 'Bad Name!' }))).json.detail).toBe('Validation failure: Invalid chute name: Bad Name!');
    expect((await deploy(body({ name: 'bad-file', filename: 'Echo.py' }))).json.detail).toBe("Validation failure: Invalid entrypoint filename: 'Echo.py'");
    const cord = await deploy(body({ name: 'bad-cord', cords: [{ method: 'POST', path: '/echo', function: 'echo', stream: false, public_api_path: '/Echo', public_api_method: 'PUT' }] }));
    expect(cord.json.detail).toBe('Validation failure: Unsupported public API method: PUT');
  });

  it('answers 402 when the balance does not cover the fee', async () => {
    const alice = seedCredentials('alice');
    const aliceBody = body({ name: 'pricey', image: 'notes-image:1.0', node_selector: { gpu_count: 8, min_vram_gb_per_gpu: 140 } });
    const r = await call(emu, 'POST', '/chutes/?accept_fee=true', { key: alice.apiKey, body: aliceBody });
    expect(r.status).toBe(402);
    expect(r.json.detail).toMatch(/^The deployment fee, based on your node selector, is \$66\.0, but you have a balance of 35\.0\.\nPlease top up your account with tao @ 5\w+ or via fiat\.$/);
  });
});
