// POST /chutes/?accept_fee= : deploy_chute and _deploy_chute of api/chute/router.py, checks in the
// server's order (docs/platform.md §2.2, §3.3). Not emulated: integrated-subnet/affine rules, the 24-per-day
// deploy limit, the is_bad_code scan and Python syntax checking of `code`.
import { currentUser } from '../auth';
import { ALLOW_INCLUDE, CONSUMER_GPUS, GPUS, MAX_GPU_PRICE_DELTA, SELECTOR_LIMITS, estimatedPrice, gpuHourly, supportedGpus, type NodeSelector } from '../gpu';
import { chuteIdFor, chuteSlugFor, chuteVersionFor } from '../ids';
import { HttpError, sendJson, type Ctx } from '../http';
import { PERM, hasRole, type ChuteRec, type CordRec, type UserRec } from '../model';
import { chuteResponse } from '../present';
import { isoUtc, pyBool, pyFloat, pyRound2, semcomp } from '../pyfmt';
import { findImage } from './images';
import { validateBody, validateParams, type Fields } from '../validation';

const gpuList = (gpus: string[] | null) => {
  const unknown = (gpus ?? []).map((g) => g.toLowerCase()).filter((g) => !GPUS.has(g));
  return unknown.length ? `{${[...new Set(unknown)].map((g) => `'${g}'`).join(', ')}}` : undefined;
};

const NODE_SELECTOR: Fields = {
  gpu_count: { spec: { t: 'int', ge: SELECTOR_LIMITS.gpu_count.minimum, le: SELECTOR_LIMITS.gpu_count.maximum }, nullable: true, default: SELECTOR_LIMITS.gpu_count.default },
  min_vram_gb_per_gpu: {
    spec: { t: 'int', ge: SELECTOR_LIMITS.min_vram_gb_per_gpu.minimum, le: SELECTOR_LIMITS.min_vram_gb_per_gpu.maximum },
    nullable: true,
    default: SELECTOR_LIMITS.min_vram_gb_per_gpu.default,
  },
  // No max_hourly_price_per_gpu: the server's model has no such field, so it is dropped (§8).
  exclude: { spec: { t: 'list', of: { t: 'str' } }, nullable: true, check: (g: string[]) => gpuList(g) && `Invalid GPU identifiers \`exclude\`: ${gpuList(g)}` },
  include: { spec: { t: 'list', of: { t: 'str' } }, nullable: true, check: (g: string[]) => gpuList(g) && `Invalid GPU identifiers \`include\`: ${gpuList(g)}` },
  dynamic: { spec: { t: 'bool' }, nullable: true, default: false },
};

const optStr = (max?: number) => ({ spec: { t: 'str' as const, max }, nullable: true });
const schema = { spec: { t: 'dict' as const }, nullable: true, default: {} };

const CORD: Fields = {
  method: { spec: { t: 'str' }, required: true },
  path: { spec: { t: 'str' }, required: true },
  function: { spec: { t: 'str' }, required: true },
  stream: { spec: { t: 'bool' }, required: true },
  passthrough: { spec: { t: 'bool' }, nullable: true, default: false },
  public_api_path: optStr(),
  public_api_method: optStr(),
  input_schema: schema,
  output_schema: schema,
  output_content_type: optStr(),
  minimal_input_schema: schema,
};

const JOB: Fields = {
  name: { spec: { t: 'str' }, required: true },
  upload: { spec: { t: 'bool' }, nullable: true, default: false },
  timeout: { spec: { t: 'int' }, nullable: true },
  ports: {
    spec: {
      t: 'list',
      of: {
        t: 'model',
        name: 'Port',
        fields: {
          name: { spec: { t: 'str' }, required: true },
          port: { spec: { t: 'int' }, required: true, check: (p: number) => (p === 2202 || (p > 8001 && p <= 65535) ? undefined : 'Port must be 2202 (ssh) or in range 8002-65535') },
          default: { spec: { t: 'bool' }, nullable: true, default: true },
          proto: { spec: { t: 'str' }, nullable: true },
        },
      },
    },
    default: [],
  },
  disk_gb: { spec: { t: 'int', ge: 10, le: 1000 }, nullable: true, default: 10 },
};

const CHUTE_ARGS: Fields = {
  name: { spec: { t: 'str', min: 3, max: 128 }, required: true },
  tagline: { ...optStr(1024), default: '' },
  readme: { ...optStr(16384), default: '' },
  tool_description: optStr(16384),
  logo_id: optStr(),
  image: { spec: { t: 'str' }, required: true },
  public: { spec: { t: 'bool' }, required: true },
  code: { spec: { t: 'str', max: 150000 }, required: true },
  filename: { spec: { t: 'str' }, required: true },
  ref_str: { spec: { t: 'str' }, required: true },
  standard_template: optStr(),
  node_selector: { spec: { t: 'model', name: 'NodeSelector', fields: NODE_SELECTOR }, required: true },
  cords: { spec: { t: 'list', of: { t: 'model', name: 'Cord', fields: CORD } }, nullable: true, default: [] },
  jobs: { spec: { t: 'list', of: { t: 'model', name: 'Job', fields: JOB } }, nullable: true, default: [] },
  concurrency: { spec: { t: 'int', le: 256 }, nullable: true },
  revision: { spec: { t: 'str', pattern: '^[a-fA-F0-9]{40}$' }, nullable: true },
  max_instances: { spec: { t: 'int', ge: 1, le: 100 }, nullable: true, default: 1 },
  scaling_threshold: { spec: { t: 'float', ge: 0, le: 1 }, nullable: true, default: 0.75 },
  shutdown_after_seconds: { spec: { t: 'int', ge: 60, le: 604800 }, nullable: true, default: 300 },
  allow_external_egress: { spec: { t: 'bool' }, nullable: true, default: false },
  encrypted_fs: { spec: { t: 'bool' }, nullable: true, default: false },
  tee: { spec: { t: 'bool' }, nullable: true, default: false },
  lock_modules: { spec: { t: 'bool' }, nullable: true },
};

interface ChuteArgs {
  name: string; tagline: string | null; readme: string | null; tool_description: string | null; logo_id: string | null;
  image: string; public: boolean; code: string; filename: string; ref_str: string; standard_template: string | null;
  node_selector: NodeSelector; cords: CordRec[] | null; jobs: Record<string, unknown>[] | null; concurrency: number | null;
  revision: string | null; max_instances: number | null; scaling_threshold: number | null; shutdown_after_seconds: number | null;
  allow_external_egress: boolean | null; encrypted_fs: boolean | null; tee: boolean | null; lock_modules: boolean | null;
}

const bad = (detail: string) => new HttpError(400, detail);

export async function deployChute(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx);
  const { accept_fee } = validateParams<{ accept_fee: boolean | null }>({ accept_fee: { spec: { t: 'bool' }, default: false } }, ctx.query);
  const args = validateBody<ChuteArgs>(CHUTE_ARGS, ctx.body);
  const { store } = ctx.app;
  const platform = user.username === 'chutes';

  if ((args.name.includes('TEE') || args.name.toLowerCase().endsWith('tee')) && !args.tee) {
    throw bad("Avoid using 'TEE' in the chute name unless tee=True in the chute definition");
  }
  // Order guessed: the refusal exists in API-feb26/latest (docs/platform.md §2.2) but not in the code we read.
  if (args.tee && !hasRole(user, PERM.unlimited_dev)) {
    throw bad('TEE private deployments are limited at this time due to infrastructure capacity limitations.');
  }
  if (args.public && !hasRole(user, PERM.public_model_deployment)) {
    throw bad('Chutes no longer supports public chutes. You can instead deploy the chute as a private chute and share it with other users.');
  }
  const image = findImage(store, args.image, user);
  if (!image) throw bad('Chute image not found, or does not belong to you');
  // No status check: the server deploys on an image in any state (docs/platform.md §8); the CLI checks first.
  if (args.public && !image.public) throw new HttpError(409, 'Chute cannot be public when image is not public!');
  const version = chuteVersionFor(image.image_id, image.patch_version, args.code);
  const existing = store.state.chutes.find((c) => c.user_id === user.user_id && c.name.toLowerCase() === args.name.toLowerCase());
  if (existing && existing.version === version && existing.public === args.public) {
    throw new HttpError(409, `Chute with name=${args.name}, version='${version}' and public=${pyBool(args.public)} already exists`);
  }

  const selector = args.node_selector;
  const fee = checkNodeSelectorAndFee(user, selector, !!existing, accept_fee ?? false);

  if (!platform && !hasRole(user, PERM.unlimited_dev)) {
    // The server's `exclude or [] + [...]` only adds b200/mi300x when no exclude list was given.
    if (!selector.exclude?.length) selector.exclude = ['b200', 'mi300x'];
    const gpus = supportedGpus(selector);
    if (!gpus.length) throw bad('No supported GPUs based on node selector!');
    if (!gpus.some((g) => g !== 'b200' && g !== 'mi300x')) {
      throw new HttpError(403, 'You are not allowed to limit deployments to b200/mi300x at this time.');
    }
  }
  if (args.standard_template === 'vllm' && !args.revision) throw bad('Missing required revision parameter for vllm template.');
  if (!platform && semcomp(image.chutes_version || '0.0.0', '0.3.61') < 0) {
    throw bad(
      `Unable to deploy chutes with chutes version < 0.3.61, please upgrade (or ask chutes team to upgrade) image.name='${image.name}' image.image_id='${image.image_id}' currently image.chutes_version='${image.chutes_version}'`,
    );
  }

  const now = isoUtc(Date.now());
  const isPublic = args.public && hasRole(user, PERM.public_model_deployment);
  const scaling = (value: number | null, fallback: number) => (isPublic || platform ? null : value || fallback);
  const fields = {
    image_id: image.image_id,
    tagline: args.tagline ?? '',
    readme: args.readme ?? '',
    tool_description: args.tool_description,
    logo_id: args.logo_id?.trim() ? args.logo_id : null,
    code: args.code,
    filename: args.filename,
    ref_str: args.ref_str,
    version,
    public: isPublic,
    cords: args.cords ?? [],
    jobs: args.jobs ?? [],
    node_selector: selector,
    chutes_version: image.chutes_version,
    concurrency: args.concurrency,
    revision: args.revision,
    max_instances: scaling(args.max_instances, 1),
    scaling_threshold: scaling(args.scaling_threshold, 0.75),
    shutdown_after_seconds: scaling(args.shutdown_after_seconds, 300),
    allow_external_egress: args.allow_external_egress ?? false,
    tee: args.tee ?? false,
    updated_at: now,
  };
  let chute: ChuteRec;
  if (existing) {
    if (existing.immutable) throw new HttpError(403, 'This chute is immutable and cannot be modified. Only deletion is allowed.');
    checkChuteRecord(args, false);
    chute = Object.assign(existing, fields, { encrypted_fs: existing.encrypted_fs && !!args.encrypted_fs });
  } else {
    checkChuteRecord(args, true);
    chute = {
      ...fields,
      chute_id: chuteIdFor(user.username, args.name),
      user_id: user.user_id,
      name: args.name,
      standard_template: args.standard_template,
      slug: uniqueSlug(ctx, chuteSlugFor(user.username, args.name)),
      created_at: now,
      encrypted_fs: args.encrypted_fs ?? false,
      lock_modules: args.standard_template ? true : args.lock_modules,
      immutable: false,
      disabled: false,
      invocation_count: 0,
      instances: [],
    };
  }
  if (!chute.cords.length && !chute.jobs.length) throw bad('A chute must define at least one cord() or job() function!');
  if (chute.cords.length && chute.jobs.length) throw bad('A chute can have jobs or cords not both.');
  if (!existing) store.state.chutes.push(chute);
  user.balance -= fee;
  store.save();
  await sendJson(ctx, 200, chuteResponse(store, chute, false));
}

/** Node selector rules and the deployment fee gate; returns the fee to charge. */
function checkNodeSelectorAndFee(user: UserRec, selector: NodeSelector, redeploy: boolean, acceptFee: boolean): number {
  for (const gpu of selector.include ?? []) {
    if (!ALLOW_INCLUDE.includes(gpu)) {
      throw bad(`Only these GPUs can be explicitly required in the \`include\` field: [${ALLOW_INCLUDE.map((g) => `'${g}'`).join(', ')}]\nPlease remove the include field or update the list to be an allowed GPU`);
    }
  }
  if ((selector.exclude ?? []).length > SELECTOR_LIMITS.exclude.maxItems) throw bad(`Maximum of ${SELECTOR_LIMITS.exclude.maxItems} GPUs can be included in the \`exclude\` field`);
  const allowed = supportedGpus(selector);
  if (!allowed.some((g) => !CONSUMER_GPUS.includes(g))) throw new HttpError(403, 'You are not allowed to require consumer GPUs exclusively.');
  // The spread is measured on what is left after exclude and the VRAM filter (§8).
  const prices = allowed.map(gpuHourly);
  const [min, max] = [prices.reduce((a, b) => Math.min(a, b)), prices.reduce((a, b) => Math.max(a, b))];
  if (selector.include?.length && max > min * MAX_GPU_PRICE_DELTA) {
    throw bad(
      `Your node selector's supported GPU price range is too large, currently ranging from $${pyFloat(min)} to $${pyFloat(max)} based on supported GPUs. The maximum allowed spread is ${MAX_GPU_PRICE_DELTA} times min supported GPU price, i.e. ${pyFloat(pyRound2(min * MAX_GPU_PRICE_DELTA))}. Please update your node selector to either only use count and VRAM, or update your include directive to be more specific. See https://api.chutes.ai/pricing`,
    );
  }
  const free = hasRole(user, PERM.free_account);
  const fee = !free && !redeploy ? (estimatedPrice(selector)?.usd.hour ?? 0) * 3 : 0;
  if (fee && !acceptFee) {
    throw new HttpError(
      402,
      `DEPLOYMENT FEE NOTICE:\n===\nThere is a deployment fee of (hourly price per GPU * number of GPUs * 3), which for this configuration is: $${pyFloat(pyRound2(fee))}\n To acknowledge this fee, ensure you have chutes>=0.3.23 and re-run the deployment command with \`--accept-fee\``,
    );
  }
  if (user.balance <= fee && !free) {
    throw new HttpError(
      402,
      `The deployment fee, based on your node selector, is $${pyFloat(fee)}, but you have a balance of ${pyFloat(user.balance)}.\nPlease top up your account with tao @ ${user.payment_address} or via fiat.`,
    );
  }
  return fee;
}

/** The ORM @validates checks, raised as 400 "Validation failure: ..." (new chutes only catch them). */
function checkChuteRecord(args: ChuteArgs, isNew: boolean): void {
  const problems: string[] = [];
  if (!/^(?:([a-zA-Z0-9_.-]+)\/)*([a-z0-9][a-z0-9_./-]*)$/i.test(args.name) || args.name.length >= 128) problems.push(`Invalid chute name: ${args.name}`);
  if (!/^[a-z][a-z0-9_]*\.py$/.test(args.filename)) problems.push(`Invalid entrypoint filename: '${args.filename}'`);
  if (!/^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/.test(args.ref_str)) problems.push(`Invalid reference string: '${args.ref_str}'`);
  for (const c of args.cords ?? []) {
    if (!/^(\/[a-z][a-z0-9_]*)+$/i.test(c.path)) problems.push(`Invalid cord path: ${c.path}`);
    else if (c.public_api_path && !/^(\/[a-z][a-z0-9_-]*)+$/i.test(c.public_api_path)) problems.push(`Invalid cord public path: ${c.public_api_path}`);
    else if (c.public_api_path && !['GET', 'POST'].includes(c.public_api_method ?? '')) problems.push(`Unsupported public API method: ${c.public_api_method}`);
  }
  if (![null, 'vllm', 'diffusion', 'tei', 'embedding'].includes(args.standard_template)) problems.push(`Invalid standard template: ${args.standard_template}`);
  // On redeploy the server hits the same validators outside its try block (a 500); 400 here is kinder.
  if (problems.length) throw bad(isNew ? `Validation failure: ${problems[0]}` : problems[0]);
}

function uniqueSlug(ctx: Ctx, base: string): string {
  const taken = (slug: string) => ctx.app.store.state.chutes.some((c) => c.slug === slug);
  let slug = base;
  while (taken(slug)) slug = `${base}-${Math.random().toString(36).slice(2, 7).padEnd(5, '0')}`;
  return slug;
}
