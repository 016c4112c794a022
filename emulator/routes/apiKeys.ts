// API key routes (API api/api_key/router.py, schemas.py; docs/platform.md §2.4).
import { randomInt, randomUUID } from 'node:crypto';
import { currentUser, sha256Hex } from '../auth';
import { HttpError, sendJson, type Ctx } from '../http';
import type { ApiKeyRec } from '../model';
import { PAGING_QUERY, pageEnvelope } from '../paging';
import { isoNaive } from '../pyfmt';
import { validateBody, validateParams, type Fields } from '../validation';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NAME = /^[$\w\u0080-\uFFFF._\s-]{1,24}$/u;

const SCOPE: Fields = {
  object_type: { spec: { t: 'str' }, required: true },
  object_id: { spec: { t: 'str' }, nullable: true },
  action: { spec: { t: 'enum', values: ['read', 'write', 'delete', 'invoke'] }, nullable: true },
};
const KEY_ARGS: Fields = {
  admin: { spec: { t: 'bool' }, required: true },
  name: { spec: { t: 'str' }, required: true },
  scopes: { spec: { t: 'list', of: { t: 'model', name: 'ScopeArgs', fields: SCOPE } }, nullable: true, default: [] },
};

interface KeyArgs { admin: boolean; name: string; scopes: { object_type: string; object_id: string | null; action: string | null }[] | null }

const keyResponse = (k: ApiKeyRec) => ({
  api_key_id: k.api_key_id,
  user_id: k.user_id,
  admin: k.admin,
  name: k.name,
  created_at: k.created_at,
  last_used_at: k.last_used_at,
  // The response field is `method` and the server never fills it (docs/platform.md §2.4).
  scopes: k.scopes.map((s) => ({ scope_id: s.scope_id, object_type: s.object_type, object_id: s.object_id, method: null })),
});

export async function createApiKey(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx);
  const args = validateBody<KeyArgs>(KEY_ARGS, ctx.body);
  if (!NAME.test(args.name)) {
    throw new HttpError(400, 'API key name should start with alphanumeric character and contain up to 32 total allowed characters (letters, numbers, dashes, underscores, or spaces)');
  }
  const scopes = args.admin ? [] : (args.scopes ?? []);
  if (scopes.some((s) => !['images', 'chutes', 'invocations'].includes(s.object_type))) {
    throw new HttpError(400, 'Invalid object_type, must be one of images, chutes, invocations');
  }
  const { store } = ctx.app;
  if (store.state.apiKeys.some((k) => k.user_id === user.user_id && k.name === args.name)) {
    throw new HttpError(409, 'An API key already exists with this name');
  }
  const apiKeyId = randomUUID();
  const secret = Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  const secretKey = `cpk_${apiKeyId.replace(/-/g, '')}.${user.user_id.replace(/-/g, '')}.${secret}`;
  const key: ApiKeyRec = {
    api_key_id: apiKeyId,
    user_id: user.user_id,
    name: args.name,
    admin: args.admin,
    key_sha256: sha256Hex(secretKey),
    created_at: isoNaive(Date.now()),
    last_used_at: null,
    scopes: scopes.map((s) => ({ scope_id: randomUUID(), object_type: s.object_type, object_id: s.object_id, action: s.action })),
  };
  store.state.apiKeys.push(key);
  store.save();
  await sendJson(ctx, 200, { ...keyResponse(key), secret_key: secretKey });
}

export async function listApiKeys(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'api_keys' });
  const q = validateParams<{ page: number; limit: number }>(PAGING_QUERY, ctx.query);
  const keys = ctx.app.store.state.apiKeys.filter((k) => k.user_id === user.user_id);
  await sendJson(ctx, 200, pageEnvelope(keys, q.page, q.limit, keyResponse));
}

function ownKey(ctx: Ctx, notFound: string): ApiKeyRec {
  const user = currentUser(ctx, { purpose: 'api_keys' });
  const key = ctx.app.store.state.apiKeys.find((k) => k.user_id === user.user_id && k.api_key_id === ctx.params.api_key_id);
  if (!key) throw new HttpError(404, notFound);
  return key;
}

export async function getApiKey(ctx: Ctx): Promise<void> {
  const key = ownKey(ctx, `API key with id ${ctx.params.api_key_id} not found or doesn't belong to you`);
  await sendJson(ctx, 200, keyResponse(key));
}

export async function deleteApiKey(ctx: Ctx): Promise<void> {
  // The server's text really says "Image"; it also skips the owner check, which the emulator keeps.
  const key = ownKey(ctx, 'Image not found, or does not belong to you');
  const { store } = ctx.app;
  store.state.apiKeys = store.state.apiKeys.filter((k) => k !== key);
  store.save();
  await sendJson(ctx, 200, { api_key_id: key.api_key_id, deleted: true });
}
