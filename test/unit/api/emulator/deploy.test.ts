// deployChute: the fee gate, create and update in place, the 409 on an identical redeploy, and every
// refusal the server words itself.
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import type { ChuteArgs } from '../../../../src/core/api/types';
import { apiError, apiKeyOf, failure, useEmulator } from './setup';

const emu = useEmulator();

const CODE = `from chutes.chute import Chute, NodeSelector
chute = Chute(username="demo", name="my-echo", image="echo-image:0.1", node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24))

@chute.cord(public_api_path="/echo")
async def echo(self, text: str) -> dict:
    return {"echo": text}
`;

function args(overrides: Partial<ChuteArgs> = {}): ChuteArgs {
  return {
    name: 'my-echo',
    image: 'echo-image:0.1',
    public: false,
    code: CODE,
    filename: 'my_echo.py',
    ref_str: 'my_echo:chute',
    node_selector: { gpu_count: 1, min_vram_gb_per_gpu: 24 },
    cords: [{ method: 'POST', path: '/echo', function: 'echo', stream: false, public_api_path: '/echo', public_api_method: 'POST' }],
    ...overrides,
  };
}

beforeEach(() => emu.reset());

describe('deployChute', () => {
  it('asks to accept the deployment fee first, and deploys nothing until then', async () => {
    const error = await apiError(emu.hotkey.deployChute(args(), { acceptFee: false }), 402, 'DEPLOYMENT FEE NOTICE:');
    // One 24 GB GPU at the cheapest matching rate ($0.25/h), times three.
    expect(error.message).toContain('which for this configuration is: $0.75');
    expect(error.message).toContain('--accept-fee');
    await apiError(emu.apiKey.getChute('my-echo'), 404, 'Chute not found, or does not belong to you');
  });

  it('deploys with the fee accepted, hotkey-signed over the body, and charges the fee once', async () => {
    const before = (await emu.apiKey.me()).balance ?? 0;
    const chute = await emu.hotkey.deployChute(args(), { acceptFee: true, chutesVersion: '0.6.10' });
    expect(chute).toMatchObject({ name: 'my-echo', slug: 'demo-my-echo', public: false, hot: false, chutes_version: '0.6.10', image: { name: 'echo-image', tag: '0.1' } });
    expect(chute.chute_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
    expect(chute.version).toMatch(/^[0-9a-f-]{36}$/);
    expect(chute.cords?.map((c) => c.public_api_path)).toEqual(['/echo']);
    expect((await emu.apiKey.me()).balance).toBeCloseTo(before - 0.75, 6);
    expect((await emu.apiKey.listChutes({ name: 'my-echo' })).items.map((c) => c.chute_id)).toEqual([chute.chute_id]);
  });

  it('refuses an identical redeploy with 409, and updates in place, free, when the code changed', async () => {
    const first = await emu.apiKey.deployChute(args(), { acceptFee: true });
    const balance = (await emu.apiKey.me()).balance;

    const duplicate = await apiError(emu.apiKey.deployChute(args(), { acceptFee: true }), 409, `Chute with name=my-echo, version='${first.version}' and public=False already exists`);
    expect(duplicate.path).toBe('/chutes/');

    const second = await emu.hotkey.deployChute(args({ code: `${CODE}\n# v2\n`, tagline: 'second' }), { acceptFee: false });
    expect(second).toMatchObject({ chute_id: first.chute_id, slug: first.slug, tagline: 'second' });
    expect(second.version).not.toBe(first.version);
    expect((await emu.apiKey.me()).balance).toBe(balance);
  });

  it('refuses a fee larger than the balance', async () => {
    const alice = emu.client(apiKeyOf(emu.alice));
    const big = args({ image: 'notes-image:1.0', node_selector: { gpu_count: 8, min_vram_gb_per_gpu: 140 } });
    await apiError(alice.deployChute(big, { acceptFee: true }), 402, 'The deployment fee, based on your node selector, is $66.0, but you have a balance of 35.0.');
  });

  it('renders missing and invalid fields as "loc: msg"', async () => {
    const { name: _name, ...noName } = args();
    await apiError(emu.apiKey.deployChute(noName as ChuteArgs, { acceptFee: true }), 422, 'body.name: Field required');
    await apiError(
      emu.apiKey.deployChute(args({ node_selector: { gpu_count: 9, min_vram_gb_per_gpu: 24 } }), { acceptFee: true }),
      422,
      'body.node_selector.gpu_count: Input should be less than or equal to 8',
    );
  });

  it('keeps TEE out of the name of a non-TEE chute, and TEE deploys from ordinary users', async () => {
    await apiError(emu.apiKey.deployChute(args({ name: 'my-echo-TEE' }), { acceptFee: true }), 400, "Avoid using 'TEE' in the chute name unless tee=True");
    await apiError(emu.apiKey.deployChute(args({ tee: true }), { acceptFee: true }), 400, 'TEE private deployments are limited at this time due to infrastructure capacity limitations.');
  });

  it('refuses public chutes without the public deployment permission', async () => {
    await apiError(emu.apiKey.deployChute(args({ public: true }), { acceptFee: true }), 400, 'Chutes no longer supports public chutes.');
  });

  it('refuses an image that is not yours or built with an old SDK', async () => {
    await apiError(emu.apiKey.deployChute(args({ image: 'alice/notes-image:1.0' }), { acceptFee: true }), 400, 'Chute image not found, or does not belong to you');
    await apiError(emu.apiKey.deployChute(args({ image: 'legacy-image:0.1' }), { acceptFee: true }), 400, 'Unable to deploy chutes with chutes version < 0.3.61');
  });

  it('refuses a chute without cords and a bad entrypoint file name', async () => {
    await apiError(emu.apiKey.deployChute(args({ cords: [] }), { acceptFee: true }), 400, 'A chute must define at least one cord() or job() function!');
    await apiError(emu.apiKey.deployChute(args({ filename: 'My-Echo.py' }), { acceptFee: true }), 400, "Validation failure: Invalid entrypoint filename: 'My-Echo.py'");
  });

  it('refuses node selectors the server does not allow', async () => {
    const deploy = (node_selector: ChuteArgs['node_selector']) => emu.apiKey.deployChute(args({ node_selector }), { acceptFee: true });
    await apiError(deploy({ gpu_count: 1, min_vram_gb_per_gpu: 24, include: ['a10'] }), 400, 'Only these GPUs can be explicitly required in the `include` field');
    await apiError(deploy({ gpu_count: 1, min_vram_gb_per_gpu: 16, include: ['b300', 'a6000_ada'] }), 400, "Your node selector's supported GPU price range is too large");
    await apiError(deploy({ gpu_count: 1, min_vram_gb_per_gpu: 24, exclude: ['3090', '4090', 'a10', 'l4', 'a5000', 'a40'] }), 400, 'Maximum of 5 GPUs can be included in the `exclude` field');
    await apiError(deploy({ gpu_count: 1, min_vram_gb_per_gpu: 24, exclude: ['z9000'] }), 422, "body.node_selector.exclude: Value error, Invalid GPU identifiers `exclude`: {'z9000'}");
  });

  it('needs a revision for the vllm template, and cords or jobs but not both', async () => {
    await apiError(emu.apiKey.deployChute(args({ standard_template: 'vllm' }), { acceptFee: true }), 400, 'Missing required revision parameter for vllm template.');
    const job = { name: 'train', ports: [], disk_gb: 10 };
    await apiError(emu.apiKey.deployChute(args({ jobs: [job] }), { acceptFee: true }), 400, 'A chute can have jobs or cords not both.');
  });

  it('fails locally signed out', async () => {
    const error = await failure(emu.signedOut.deployChute(args(), { acceptFee: true }));
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error.message).toContain('POST /chutes/ needs Chutes credentials');
  });
});
