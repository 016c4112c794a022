// get_current_user of api/user/service.py: hotkey signatures or an API key in Authorization (§1.2, §1.3).
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError, header, type Ctx, type AuthTarget } from './http';
import type { ApiKeyRec, UserRec } from './model';
import { ss58PublicKey, verifySr25519 } from './sr25519';

export interface AuthOptions {
  /** The route's purpose string for body-less hotkey signatures (§6.2). */
  purpose?: string;
  /** raise_not_found: false lets anonymous callers through as null. */
  required?: boolean;
}

const API_KEY = /^cpk_([a-f0-9]{32})\.([a-f0-9]{32})\.([a-zA-Z0-9]{32})$/;
const NO_USER = "Can't find a user with that api key in our db :(";

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function currentUser(ctx: Ctx, options: AuthOptions & { required: false }): UserRec | null;
export function currentUser(ctx: Ctx, options?: AuthOptions): UserRec;
export function currentUser(ctx: Ctx, options: AuthOptions = {}): UserRec | null {
  const required = options.required ?? true;
  let hotkey = header(ctx, 'x-chutes-hotkey');
  let signature = header(ctx, 'x-chutes-signature');
  let nonce = header(ctx, 'x-chutes-nonce');
  // All three or none: a partial set is ignored and Authorization is used instead.
  if (!hotkey || !signature || !nonce) hotkey = signature = nonce = undefined;
  if (hotkey && signature && nonce) return hotkeyUser(ctx, hotkey, signature, nonce, options.purpose, required);

  const authorization = header(ctx, 'authorization');
  const token = authorization ? authorization.split(' ').at(-1) : undefined;
  // Bearer JWTs and cak_ OAuth tokens are not emulated: they fail the API key format check below.
  const key = token ? checkApiKey(ctx, token) : undefined;
  const user = key ? ctx.app.store.userById(key.user_id) : undefined;
  if (user) return user;
  if (required) throw new HttpError(401, NO_USER);
  return null;
}

function checkApiKey(ctx: Ctx, token: string): ApiKeyRec {
  const match = API_KEY.exec(token);
  if (!match) throw new HttpError(401, 'Missing or invalid authorization header(s)');
  // The first hex block is the key id, the second the user id (api/api_key/util.py).
  const key = ctx.app.store.state.apiKeys.find((k) => k.api_key_id === dashed(match[1]));
  const presented = Buffer.from(sha256Hex(token), 'hex');
  const valid = !!key && timingSafeEqual(presented, Buffer.from(key.key_sha256, 'hex'));
  if (!key || !valid || !hasAccess(key, ctx.target)) throw new HttpError(401, 'Invalid token or user not found');
  return key;
}

/** APIKey.has_access: admin, or a scope of the same object type whose id and action match or are null. */
export function hasAccess(key: ApiKeyRec, target: AuthTarget): boolean {
  if (key.admin) return true;
  return key.scopes.some((scope) => {
    if (scope.object_type !== target.objectType) return false;
    const actionOk = !scope.action || scope.action === target.action;
    if (target.objectType === 'chutes' && ['__megallm__', '__megadiffuser__'].includes(target.objectId) && actionOk) return true;
    return (scope.object_id === null || scope.object_id === target.objectId) && actionOk;
  });
}

function hotkeyUser(ctx: Ctx, hotkey: string, signature: string, nonce: string, purpose: string | undefined, required: boolean): UserRec | null {
  if (!/^\d+$/.test(nonce) || Math.abs(Date.now() / 1000 - Number(nonce)) >= 600) throw new HttpError(401, 'Invalid nonce!');
  // get_signing_message: the route purpose wins over the body hash; neither gives this error.
  const suffix = purpose ?? ctx.bodySha256;
  if (!suffix) throw new HttpError(401, 'Either payload_str or purpose must be provided');
  const message = `${hotkey}:${nonce}:${suffix}`;
  const parsed = pythonFromHex(signature);
  if (typeof parsed === 'string') throw new HttpError(401, `Invalid signature: ${signature}, with error: ${parsed}`);
  const publicKey = ss58PublicKey(hotkey);
  if (!publicKey || !verifySr25519(parsed, message, publicKey)) {
    throw new HttpError(401, `Invalid request signature for hotkey ${hotkey}. Message: ${message}`);
  }
  const user = ctx.app.store.state.users.find((u) => u.hotkey === hotkey);
  if (user) return user;
  if (required) throw new HttpError(401, `Could not find user with hotkey: ${hotkey}`);
  return null;
}

/** bytes.fromhex: whitespace allowed between byte pairs; returns Python's error text on failure. */
function pythonFromHex(text: string): Uint8Array | string {
  const out: number[] = [];
  const isHex = (c: string | undefined) => !!c && /^[0-9a-fA-F]$/.test(c);
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i += 1;
      continue;
    }
    if (!isHex(text[i])) return `non-hexadecimal number found in fromhex() arg at position ${i}`;
    if (!isHex(text[i + 1])) return `non-hexadecimal number found in fromhex() arg at position ${i + 1}`;
    out.push(parseInt(text.slice(i, i + 2), 16));
    i += 2;
  }
  return Uint8Array.from(out);
}
