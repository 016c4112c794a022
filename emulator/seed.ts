// Seed data. Every credential here is derived from fixed, public, demo-only strings: none of it is a
// real Chutes credential, and the same inputs always give the same users, keys, ids and slugs.
import { createHash } from 'node:crypto';
import { sha256Hex } from './auth';
import { makeInstance } from './fleet';
import type { NodeSelector } from './gpu';
import { chuteIdFor, chuteSlugFor, chuteVersionFor, imageIdFor, uuid5 } from './ids';
import { PERM, type ApiKeyRec, type ChuteRec, type CordRec, type ImageRec, type State, type UserRec } from './model';
import { isoNaive, isoUtc } from './pyfmt';
import { ss58FromSeed } from './sr25519';
import { cord, diffusionCords, vllmCords } from './templates';

export interface DemoCredentials { username: string; userId: string; apiKey: string; hotkeySeed: string; hotkeySs58: string }

const BASE = Date.UTC(2026, 4, 1, 9, 0, 0);
const at = (hours: number) => BASE + hours * 3_600_000;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SDK_VERSION = '0.6.10';
const REVISION = '5a8abab4a5d6f164389b1079fb721cfab8d7126c';

const derive = (label: string) => sha256Hex(`chutes-emulator:${label} (demo-only, not a real credential)`);
const hex = (uuid: string) => uuid.replace(/-/g, '');

/** Credentials of a seeded user: fixed demo-only values anyone can recompute. */
export function seedCredentials(username: string): DemoCredentials {
  const userId = uuid5(`chutes-emulator:user:${username}`);
  const keyId = uuid5(`chutes-emulator:api-key:${username}`);
  const secretBytes = createHash('sha512').update(`chutes-emulator:api-key-secret:${username}`).digest();
  const secret = Array.from(secretBytes.subarray(0, 32), (b) => ALNUM[b % ALNUM.length]).join('');
  const hotkeySeed = derive(`hotkey-seed:${username}`);
  return { username, userId, apiKey: `cpk_${hex(keyId)}.${hex(userId)}.${secret}`, hotkeySeed, hotkeySs58: ss58FromSeed(hotkeySeed) };
}

function makeUser(username: string, permissions: number, balance: number, hour: number): { user: UserRec; key: ApiKeyRec } {
  const creds = seedCredentials(username);
  const user: UserRec = {
    user_id: creds.userId,
    username,
    hotkey: creds.hotkeySs58,
    coldkey: ss58FromSeed(derive(`coldkey:${username}`)),
    payment_address: ss58FromSeed(derive(`payment:${username}`)),
    permissions_bitmask: permissions,
    balance,
    created_at: isoUtc(at(hour)),
    netuids: [],
  };
  const key: ApiKeyRec = {
    api_key_id: uuid5(`chutes-emulator:api-key:${username}`),
    user_id: creds.userId,
    name: 'default',
    admin: true,
    key_sha256: sha256Hex(creds.apiKey),
    created_at: isoNaive(at(hour)),
    last_used_at: null,
    scopes: [],
  };
  return { user, key };
}

function makeImage(owner: UserRec, name: string, tag: string, hour: number, extra: Partial<ImageRec> = {}): ImageRec {
  return {
    image_id: imageIdFor(owner.username, name, tag),
    user_id: owner.user_id,
    name,
    tag,
    readme: '',
    public: false,
    status: 'built and pushed',
    created_at: isoUtc(at(hour)),
    build_started_at: isoUtc(at(hour) + 5_000),
    build_completed_at: isoUtc(at(hour) + 720_000),
    logo_id: null,
    patch_version: null,
    chutes_version: SDK_VERSION,
    log: [
      { at: at(hour) + 10_000, log: `Starting build of ${owner.username}/${name}:${tag}` },
      { at: at(hour) + 700_000, log: { log: `Successfully tagged ${owner.username}/${name}:${tag}`, log_type: 'stdout' } },
    ],
    build: null,
    ...extra,
  };
}

interface ChuteSpec {
  owner: UserRec;
  image: ImageRec;
  name: string;
  hour: number;
  cords: CordRec[];
  selector: Partial<NodeSelector>;
  template?: string | null;
  public?: boolean;
  tee?: boolean;
  instances?: number;
  invocations?: number;
  tagline?: string;
  code?: string;
}

function makeChute(spec: ChuteSpec): ChuteRec {
  const chute_id = chuteIdFor(spec.owner.username, spec.name);
  const code = spec.code ?? `from chutes.chute import Chute, NodeSelector\n\nchute = Chute(username="${spec.owner.username}", name="${spec.name}", image="${spec.image.name}:${spec.image.tag}")\n`;
  const platform = spec.owner.username === 'chutes' || spec.public;
  return {
    chute_id,
    user_id: spec.owner.user_id,
    name: spec.name,
    tagline: spec.tagline ?? '',
    readme: `# ${spec.name}\n`,
    tool_description: null,
    image_id: spec.image.image_id,
    logo_id: null,
    public: spec.public ?? false,
    standard_template: spec.template ?? null,
    cords: spec.cords,
    jobs: [],
    node_selector: { gpu_count: 1, min_vram_gb_per_gpu: 16, include: null, exclude: null, dynamic: false, ...spec.selector },
    slug: chuteSlugFor(spec.owner.username, spec.name),
    code,
    filename: 'chute.py',
    ref_str: 'chute:chute',
    version: chuteVersionFor(spec.image.image_id, spec.image.patch_version, code),
    concurrency: spec.template === 'vllm' ? 32 : 4,
    chutes_version: spec.image.chutes_version,
    revision: spec.template === 'vllm' ? REVISION : null,
    created_at: isoUtc(at(spec.hour)),
    updated_at: isoUtc(at(spec.hour)),
    max_instances: platform ? null : 1,
    scaling_threshold: platform ? null : 0.75,
    shutdown_after_seconds: platform ? null : 300,
    allow_external_egress: false,
    encrypted_fs: false,
    tee: spec.tee ?? false,
    lock_modules: spec.template ? true : null,
    immutable: false,
    disabled: false,
    invocation_count: spec.invocations ?? 0,
    instances: Array.from({ length: spec.instances ?? 0 }, (_, n) => makeInstance(chute_id, n, at(spec.hour + 1), spec.tee ?? false)),
  };
}

const text = { type: 'string' };
const ECHO_CORDS: CordRec[] = [
  cord({
    path: '/echo',
    function: 'echo',
    public_api_path: '/echo',
    public_api_method: 'POST',
    output_content_type: 'application/json',
    input_schema: { type: 'object', properties: { text, repeat: { type: 'integer', default: 1, minimum: 1, maximum: 10 } }, required: ['text'] },
    minimal_input_schema: { type: 'object', properties: { text }, required: ['text'] },
    output_schema: { type: 'object', properties: { echo: text, length: { type: 'integer' } }, required: ['echo', 'length'] },
  }),
  cord({
    path: '/shout',
    function: 'shout',
    public_api_path: '/shout',
    public_api_method: 'POST',
    output_content_type: 'text/plain',
    input_schema: { type: 'object', properties: { text }, required: ['text'] },
    output_schema: text,
  }),
  cord({
    path: '/stream_words',
    function: 'stream_words',
    stream: true,
    public_api_path: '/stream',
    public_api_method: 'POST',
    output_content_type: 'text/event-stream',
    input_schema: { type: 'object', properties: { text }, required: ['text'] },
    output_schema: { type: 'object', properties: { word: text, index: { type: 'integer' } } },
  }),
  cord({
    path: '/health',
    function: 'health',
    public_api_path: '/health',
    public_api_method: 'GET',
    output_content_type: 'application/json',
    output_schema: { type: 'object', properties: { status: text } },
  }),
  cord({
    path: '/stream_tokens',
    function: 'stream_tokens',
    stream: true,
    public_api_path: '/tokens',
    public_api_method: 'POST',
    output_content_type: 'text/plain',
    input_schema: { type: 'object', properties: { text }, required: ['text'] },
    output_schema: text,
  }),
];

const ECHO_CODE = `from chutes.chute import Chute, NodeSelector
from chutes.image import Image

image = Image(username="demo", name="echo-image", tag="0.1").from_base("parachutes/python:3.12")
chute = Chute(username="demo", name="demo-echo", image=image, node_selector=NodeSelector(gpu_count=1))


@chute.cord(public_api_path="/echo")
async def echo(self, text: str, repeat: int = 1) -> dict:
    return {"echo": text * repeat, "length": len(text) * repeat}
`;

/** `empty`: only the platform user and its standard images. `demo`: see emulator/README.md. */
export function buildSeed(kind: 'demo' | 'empty', bulkChutes = 0): State {
  const chutes = makeUser('chutes', PERM.developer | PERM.unlimited_dev | PERM.public_model_deployment | PERM.free_account, 0, 0);
  const publicImage = (name: string, tag: string) => makeImage(chutes.user, name, tag, 1, { public: true });
  const vllm = publicImage('vllm', 'nightly-2025111700');
  const images = [vllm, publicImage('sglang', 'nightly-2025111800'), publicImage('diffusion', '0.34.0.po')];
  const state: State = { version: 1, users: [chutes.user], apiKeys: [], images, chutes: [], shares: [], secrets: [] };
  if (kind === 'empty') return state;

  const demo = makeUser('demo', PERM.developer, 120.5, 2);
  const alice = makeUser('alice', PERM.developer, 35, 3);
  state.users.push(demo.user, alice.user);
  state.apiKeys.push(demo.key, alice.key);

  const d = demo.user;
  const echoImage = makeImage(d, 'echo-image', '0.1', 4, { readme: 'Echo demo image' });
  state.images.push(
    echoImage,
    makeImage(d, 'pending-image', '0.3', 40, { status: 'pending build', build_started_at: null, build_completed_at: null, log: [] }),
    makeImage(d, 'building-image', '0.2', 39, {
      status: 'building',
      build_completed_at: null,
      log: [
        { at: at(39) + 10_000, log: 'Starting build of demo/building-image:0.2' },
        { at: at(39) + 20_000, log: { log: 'Step 1/3 : FROM parachutes/python:3.12', log_type: 'stdout' } },
        { at: at(39) + 30_000, log: { log: 'Step 2/3 : RUN pip install torch', log_type: 'stdout' } },
      ],
    }),
    makeImage(d, 'broken-image', '0.1', 38, {
      status: "error: Image build failed: The command '/bin/sh -c pip install nonexistent-package' returned a non-zero code: 1",
      log: [{ at: at(38) + 10_000, log: { log: 'ERROR: No matching distribution found for nonexistent-package', log_type: 'stderr' } }],
    }),
    makeImage(d, 'legacy-image', '0.1', 5, { chutes_version: '0.3.50' }),
  );
  const aliceImage = makeImage(alice.user, 'notes-image', '1.0', 6);
  state.images.push(aliceImage);

  const diffusionImage = images[2];
  state.chutes.push(
    makeChute({ owner: chutes.user, image: vllm, name: 'unsloth/Llama-3.2-1B-Instruct', hour: 10, cords: vllmCords(), template: 'vllm', public: true, instances: 1, invocations: 125_000, selector: { min_vram_gb_per_gpu: 24 } }),
    makeChute({ owner: chutes.user, image: vllm, name: 'Qwen/Qwen3-32B', hour: 11, cords: vllmCords(), template: 'vllm', public: true, instances: 2, invocations: 98_000, selector: { min_vram_gb_per_gpu: 80 } }),
    makeChute({ owner: chutes.user, image: vllm, name: 'deepseek-ai/DeepSeek-R1-TEE', hour: 12, cords: vllmCords(), template: 'vllm', public: true, tee: true, instances: 2, invocations: 45_000, selector: { gpu_count: 8, min_vram_gb_per_gpu: 140 } }),
    makeChute({ owner: chutes.user, image: diffusionImage, name: 'FLUX.1-schnell', hour: 13, cords: diffusionCords(), template: 'diffusion', public: true, instances: 1, invocations: 30_000, selector: { min_vram_gb_per_gpu: 24 } }),
  );

  const own = { exclude: ['b200', 'mi300x'] };
  const tee = makeChute({ owner: d, image: vllm, name: 'secure-chat-TEE', hour: 20, cords: vllmCords(), template: 'vllm', tee: true, instances: 3, invocations: 64, selector: { ...own, min_vram_gb_per_gpu: 80 }, tagline: 'Private LLM in a TDX enclave' });
  tee.instances[2].evidence_fails = true;
  state.chutes.push(
    makeChute({ owner: d, image: echoImage, name: 'demo-echo', hour: 21, cords: ECHO_CORDS, code: ECHO_CODE, instances: 1, invocations: 420, selector: own, tagline: 'Echo, shout and stream words back' }),
    makeChute({ owner: d, image: diffusionImage, name: 'stabilityai/sdxl-turbo', hour: 22, cords: diffusionCords(), template: 'diffusion', invocations: 12, selector: { ...own, min_vram_gb_per_gpu: 24 }, tagline: 'Text to image (cold until warmed up)' }),
    tee,
    makeChute({ owner: alice.user, image: aliceImage, name: 'alice-notes', hour: 23, cords: [ECHO_CORDS[0]], instances: 1, invocations: 7, selector: own }),
  );
  for (let i = 1; i <= 30; i++) {
    const name = `demo-batch-${String(i).padStart(2, '0')}`;
    state.chutes.push(makeChute({ owner: d, image: echoImage, name, hour: 24 + i, cords: [ECHO_CORDS[0]], invocations: 100 - i, selector: own, tagline: `Batch worker ${i}` }));
  }
  // Emulator extra: a large account for paging and memory benchmarks; cold, no invocations, sorted last.
  for (let i = 1; i <= bulkChutes; i++) {
    const name = `demo-bulk-${String(i).padStart(5, '0')}`;
    state.chutes.push(makeChute({ owner: d, image: echoImage, name, hour: 60 + i / 100, cords: [ECHO_CORDS[0]], selector: own, tagline: `Bulk chute ${i}` }));
  }
  return state;
}
