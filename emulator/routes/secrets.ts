// Secret routes (API api/secret/router.py, docs/platform.md §2.5). Values are accepted and thrown away.
import { currentUser } from '../auth';
import { HttpError, sendJson, type Ctx } from '../http';
import { secretIdFor } from '../ids';
import type { SecretRec } from '../model';
import { PAGING_QUERY, pageEnvelope } from '../paging';
import { isoNaive } from '../pyfmt';
import { validateBody, validateParams, type Fields } from '../validation';

const ARGS: Fields = {
  purpose: { spec: { t: 'str' }, required: true },
  key: { spec: { t: 'str' }, required: true },
  value: { spec: { t: 'str' }, required: true },
};
const NOT_YOURS = 'Secret not found, or does not belong to you';
const ALLOWED = new Set(['UV_SYSTEM_PYTHON', 'PYTHONUNBUFFERED', 'PYTHONIOENCODING', 'PYTHONWARNINGS']);
const BANNED = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'HF_HUB_DISABLE_SSL_VERIFY']);

const secretResponse = (s: SecretRec) => ({ secret_id: s.secret_id, key: s.key, purpose: s.purpose, created_at: s.created_at });

export async function createSecret(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx);
  const args = validateBody<{ purpose: string; key: string; value: string }>(ARGS, ctx.body);
  const { store } = ctx.app;
  const chute = store.state.chutes.find(
    (c) => c.user_id === user.user_id && (c.name.toLowerCase() === args.purpose.toLowerCase() || c.chute_id === args.purpose),
  );
  if (!chute) throw new HttpError(404, `Did not find target chute ${args.purpose}, or it does not belong to you`);
  const upper = args.key.toUpperCase();
  if ((/python|sglang|^sgl_|^ld_/i.test(args.key) && !ALLOWED.has(upper)) || BANNED.has(upper)) {
    throw new HttpError(403, `Banned secret key: ${args.key}`);
  }
  const secretId = secretIdFor(user.user_id, chute.chute_id, args.key);
  if (store.state.secrets.some((s) => s.secret_id === secretId)) {
    throw new HttpError(409, 'A secret already exists for this purpose with this key.');
  }
  const secret: SecretRec = { secret_id: secretId, user_id: user.user_id, purpose: chute.chute_id, key: args.key, created_at: isoNaive(Date.now()) };
  store.state.secrets.push(secret);
  store.save();
  // Guess at the shape: the server returns its ORM row (with the encrypted value); no value here.
  await sendJson(ctx, 200, { ...secretResponse(secret), user_id: user.user_id });
}

export async function listSecrets(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'secrets' });
  const q = validateParams<{ page: number; limit: number }>(PAGING_QUERY, ctx.query);
  const mine = ctx.app.store.state.secrets.filter((s) => s.user_id === user.user_id).sort((a, b) => b.created_at.localeCompare(a.created_at));
  await sendJson(ctx, 200, pageEnvelope(mine, q.page, q.limit, secretResponse));
}

function ownSecret(ctx: Ctx): SecretRec {
  const user = currentUser(ctx, { purpose: 'secrets' });
  const secret = ctx.app.store.state.secrets.find((s) => s.user_id === user.user_id && s.secret_id === ctx.params.secret_id);
  if (!secret) throw new HttpError(404, NOT_YOURS);
  return secret;
}

export async function getSecret(ctx: Ctx): Promise<void> {
  await sendJson(ctx, 200, secretResponse(ownSecret(ctx)));
}

export async function deleteSecret(ctx: Ctx): Promise<void> {
  const secret = ownSecret(ctx);
  const { store } = ctx.app;
  store.state.secrets = store.state.secrets.filter((s) => s !== secret);
  store.save();
  await sendJson(ctx, 200, { status: `Successfully deleted secret ${secret.secret_id}`, secret_id: secret.secret_id });
}
