// Invocation of a chute's cords: `_invoke` and the per-chute slug host of api/invocation/router.py
// (docs/platform.md §2.6). Quotas are not emulated: public chutes are treated as within the free quota.
import { randomUUID } from 'node:crypto';
import { currentUser } from './auth';
import { runCord } from './execute';
import { HttpError, header, parseJson, type Ctx } from './http';
import type { ChuteRec, UserRec } from './model';
import { pyFloat } from './pyfmt';
import { validateModel, type Fields, type Issue } from './validation';

export type Body = Record<string, unknown>;
const HOST_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];

const DIFFUSION_INPUT: Fields = {
  prompt: { spec: { t: 'str' }, required: true },
  negative_prompt: { spec: { t: 'str' } },
  height: { spec: { t: 'int', ge: 128, le: 2048 } },
  width: { spec: { t: 'int', ge: 128, le: 2048 } },
  num_inference_steps: { spec: { t: 'int', ge: 1, le: 50 } },
  guidance_scale: { spec: { t: 'float', ge: 1, le: 20 } },
  seed: { spec: { t: 'int', ge: 0, le: 2 ** 32 - 1 }, nullable: true },
  img_guidance_scale: { spec: { t: 'float', ge: 1, le: 20 } },
  image_b64: { spec: { t: 'list', of: { t: 'str' } }, nullable: true },
  true_cfg_scale: { spec: { t: 'float', ge: 0, le: 10 }, nullable: true },
};

/** The JSON body of an invocation; GET and friends get {}. */
export function invocationBody(ctx: Ctx): Body {
  if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return {};
  const parsed = parseJson(ctx.body);
  // The detail carries the decoder's message; JavaScript's wording differs from Python's.
  if (!parsed.ok) throw new HttpError(400, `invalid request JSON payload: ${parsed.error}`);
  if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new HttpError(400, 'invalid request JSON payload: expected a JSON object');
  }
  return parsed.value as Body;
}

function checkDiffusionInput(chute: ChuteRec, body: Body): void {
  for (const key of ['cord', 'method', 'model']) delete body[key];
  const maxSteps = chute.name === 'FLUX-1.dev' ? 30 : 50;
  if (typeof body.num_inference_steps === 'number' && body.num_inference_steps > maxSteps) body.num_inference_steps = maxSteps;
  const issues: Issue[] = [];
  validateModel(DIFFUSION_INPUT, body, [], issues);
  const extra = Object.keys(body).some((k) => !(k in DIFFUSION_INPUT));
  if (issues.length || extra) throw new HttpError(400, 'bad request, naughty naughty');
}

export async function invokeChute(ctx: Ctx, user: UserRec, chute: ChuteRec | undefined, readBody: () => Body): Promise<void> {
  const { store } = ctx.app;
  if (!chute || !store.canSee(chute, user)) throw new HttpError(404, 'No matching chute found!');
  if (chute.disabled) throw new HttpError(503, 'This chute is currently disabled.');
  if ((header(ctx, 'x-tee-only') ?? '').toLowerCase() === 'true' && !chute.tee) {
    throw new HttpError(426, 'This chute does not have TEE enabled. Use the /teeify endpoint to promote the chute to TEE, or remove the X-TEE-Only header.');
  }
  const platformOwned = store.userById(chute.user_id)?.username === 'chutes';
  if (!chute.public && !platformOwned) {
    // Literally this text: the server forgot the f-string prefix.
    if ((store.userById(chute.user_id)?.balance ?? 0) <= 0) throw new HttpError(402, 'Chute unavailable because the creator of this chute {chute.user_id=} has zero balance.');
    if (user.balance <= 0) {
      throw new HttpError(402, { message: `Quota exceeded and account balance is $${pyFloat(user.balance)}, please pay with fiat or send tao to ${user.payment_address}` });
    }
  }
  const body = readBody();
  const stream = body.stream ?? ctx.query.get('stream') ?? false;
  const cord = chute.cords.find(
    (c) => c.public_api_path && c.public_api_path === ctx.path && (c.public_api_method ?? 'POST') === ctx.method && (chute.standard_template !== 'vllm' || stream === c.stream),
  );
  if (!cord) throw new HttpError(404, 'No matching cord found!');
  if (chute.standard_template === 'diffusion') checkDiffusionInput(chute, body);
  if (!chute.instances.some((i) => i.active && i.verified)) {
    throw new HttpError(503, `No instances available (yet) for chute_id='${chute.chute_id}'`);
  }
  chute.invocation_count += 1;
  store.save();
  const headers = { 'x-chutes-invocationid': randomUUID(), 'x-chutes-rl-user': chute.public ? '60' : 'inf' };
  await runCord(ctx, chute, cord, body, cord.stream || stream === true, headers);
}

/** Requests whose Host names a chute's slug. */
export async function handleChuteHost(ctx: Ctx, chute: ChuteRec): Promise<void> {
  if (!HOST_METHODS.includes(ctx.method)) throw new HttpError(405, 'Method Not Allowed', { allow: HOST_METHODS.join(', ') });
  const user = currentUser(ctx, { required: false });
  if (!user) throw new HttpError(401, 'Authentication required.');
  await invokeChute(ctx, user, chute, () => invocationBody(ctx));
}
