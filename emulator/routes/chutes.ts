// Chute management routes except deploy, warmup and evidence (API api/chute/router.py).
import { currentUser } from '../auth';
import { isPythonUuid, uuid5 } from '../ids';
import { HttpError, sendJson, sendText, type Ctx } from '../http';
import type { ChuteRec, CordRec } from '../model';
import { chuteResponse } from '../present';
import { isoUtc, pyRepr } from '../pyfmt';
import { validateBody, validateParams, type Fields } from '../validation';

const NOT_YOURS = 'Chute not found, or does not belong to you';
const optStr = { spec: { t: 'str' as const }, nullable: true };
const optBool = { spec: { t: 'bool' as const }, nullable: true, default: false };

const LIST_QUERY: Fields = {
  include_public: optBool,
  template: optStr,
  name: optStr,
  exclude: optStr,
  image: optStr,
  slug: optStr,
  page: { spec: { t: 'int', ge: 0, le: 100 }, default: 0 },
  limit: { spec: { t: 'int', ge: 1, le: 5000 }, default: 25 },
  offset: { spec: { t: 'int', ge: 0, le: 5000 }, default: 0 },
  include_schemas: optBool,
};

interface ListQuery {
  include_public: boolean; template: string | null; name: string | null; exclude: string | null; image: string | null;
  slug: string | null; page: number; limit: number; offset: number; include_schemas: boolean;
}

/** The id the server derives from the serialised cords, to share one cord list between list items. */
function cordRefId(chute: ChuteRec): string {
  let defs = JSON.stringify(chute.cords);
  if (chute.standard_template === 'vllm') defs = defs.replaceAll(`"default":"${chute.name}"`, '"default":""');
  return uuid5(defs);
}

const withoutSchemas = (cords: CordRec[]) =>
  cords.map(({ input_schema: _i, minimal_input_schema: _m, output_schema: _o, ...rest }) => rest);

export async function listChutes(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes', required: false });
  const q = validateParams<ListQuery>(LIST_QUERY, ctx.query);
  if (q.page && q.offset) throw new HttpError(400, 'Cannot specify both page and offset, select <= 1 of these.');
  const { store } = ctx.app;
  const like = (value: string, part: string) => value.toLowerCase().includes(part.toLowerCase());
  let items = store.state.chutes.filter((c) =>
    user ? c.user_id === user.user_id || (q.include_public && c.public) : c.public,
  );
  if (q.name?.trim()) items = items.filter((c) => like(c.name, q.name!));
  if (q.exclude?.trim()) items = items.filter((c) => !like(c.name, q.exclude!));
  if (q.image?.trim()) {
    // The server's image filter is broken (a literal "%{image}%" pattern); this applies the evident intent.
    items = items.filter((c) => {
      const img = store.imageById(c.image_id);
      return !!img && (like(img.name, q.image!) || like(img.tag, q.image!));
    });
  }
  if (q.slug?.trim()) items = items.filter((c) => c.slug.toLowerCase() === q.slug!.toLowerCase());
  if (q.template?.trim() && q.template !== 'other') items = items.filter((c) => c.standard_template === q.template);
  else if (q.template === 'other') items = items.filter((c) => c.standard_template === null);
  items.sort((a, b) => b.invocation_count - a.invocation_count || a.name.localeCompare(b.name));
  const start = q.offset || q.page * q.limit;
  const cordRefs: Record<string, unknown[]> = {};
  const page = items.slice(start, start + q.limit).map((chute) => {
    const id = cordRefId(chute);
    cordRefs[id] ??= q.include_schemas ? chute.cords : withoutSchemas(chute.cords);
    return { ...chuteResponse(store, chute, true), cords: null, cord_ref_id: id };
  });
  await sendJson(ctx, 200, { total: items.length, page: q.page, limit: q.limit, items: page, cord_refs: cordRefs });
}

export async function getChute(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes', required: false });
  const chute = ctx.app.store.getOne(ctx.params.chute);
  if (!chute || !ctx.app.store.canSee(chute, user)) throw new HttpError(404, NOT_YOURS);
  await sendJson(ctx, 200, chuteResponse(ctx.app.store, chute, true));
}

export async function getChuteCode(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes', required: false });
  // By id only: the server's query is `Chute.chute_id == chute_id`, so a name is not found.
  const chute = ctx.app.store.chuteById(ctx.params.chute);
  if (!chute || !ctx.app.store.canSee(chute, user)) throw new HttpError(404, NOT_YOURS);
  await sendText(ctx, 200, chute.code);
}

export async function deleteChute(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'chutes' });
  const id = ctx.params.chute;
  if (!isPythonUuid(id)) throw new HttpError(400, 'Must use chute UUID to delete.');
  const { store } = ctx.app;
  const chute = store.chuteById(id);
  if (!chute || chute.user_id !== user.user_id) throw new HttpError(404, NOT_YOURS);
  const { state } = store;
  state.chutes = state.chutes.filter((c) => c !== chute);
  state.shares = state.shares.filter((s) => s.chute_id !== chute.chute_id);
  state.secrets = state.secrets.filter((s) => s.purpose !== chute.chute_id);
  store.save();
  await sendJson(ctx, 200, { chute_id: chute.chute_id, deleted: true });
}

const UPDATE_ARGS: Fields = {
  tagline: { spec: { t: 'str', max: 1024 }, nullable: true, default: '' },
  readme: { spec: { t: 'str', max: 16384 }, nullable: true, default: '' },
  tool_description: { spec: { t: 'str', max: 16384 }, nullable: true, default: '' },
  logo_id: optStr,
  max_instances: { spec: { t: 'int', ge: 1, le: 100 }, nullable: true, default: null },
  scaling_threshold: { spec: { t: 'float', ge: 0, le: 1 }, nullable: true, default: null },
  shutdown_after_seconds: { spec: { t: 'int', ge: 60, le: 604800 }, nullable: true, default: null },
  disabled: { spec: { t: 'bool' }, nullable: true, default: null },
};

interface UpdateArgs {
  tagline: string | null; readme: string | null; tool_description: string | null; logo_id: string | null;
  max_instances: number | null; scaling_threshold: number | null; shutdown_after_seconds: number | null; disabled: boolean | null;
}

export async function updateChute(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx);
  const args = validateBody<UpdateArgs>(UPDATE_ARGS, ctx.body);
  const { store } = ctx.app;
  const chute = store.getOne(ctx.params.chute);
  if (!chute || chute.user_id !== user.user_id) throw new HttpError(404, NOT_YOURS);
  if (chute.immutable) throw new HttpError(403, 'This chute is immutable and cannot be modified. Only deletion is allowed.');
  if (args.tagline?.trim()) chute.tagline = args.tagline;
  if (args.readme?.trim()) chute.readme = args.readme;
  if (args.tool_description?.trim()) chute.tool_description = args.tool_description;
  if (args.logo_id) chute.logo_id = args.logo_id;
  // Reference §2.2 lists the scaling settings as updatable (the Feb 2026 router ignores them); applied
  // to private chutes only, where the server stores them at all.
  if (!chute.public) {
    chute.max_instances = args.max_instances ?? chute.max_instances;
    chute.scaling_threshold = args.scaling_threshold ?? chute.scaling_threshold;
    chute.shutdown_after_seconds = args.shutdown_after_seconds ?? chute.shutdown_after_seconds;
  }
  if (args.disabled !== null) {
    chute.disabled = args.disabled;
    if (args.disabled && !chute.public) chute.instances = [];
  }
  chute.updated_at = isoUtc(Date.now());
  store.save();
  await sendJson(ctx, 200, chuteResponse(store, chute, false));
}

const SHARE_ARGS: Fields = {
  chute_id_or_name: { spec: { t: 'str' }, required: true },
  user_id_or_name: { spec: { t: 'str' }, required: true },
};

async function changeShare(ctx: Ctx, share: boolean): Promise<void> {
  const user = currentUser(ctx);
  const args = validateBody<{ chute_id_or_name: string; user_id_or_name: string }>(SHARE_ARGS, ctx.body);
  const { store } = ctx.app;
  const lower = (s: string) => s.toLowerCase();
  const chute = store.state.chutes.find(
    (c) => c.user_id === user.user_id && (lower(c.name) === lower(args.chute_id_or_name) || c.chute_id === args.chute_id_or_name),
  );
  if (!chute) throw new HttpError(404, `Did not find target chute ${args.chute_id_or_name}, or it does not belong to you`);
  if (share && chute.public) throw new HttpError(400, 'Chute is public, no need to share.');
  const target = store.state.users.find((u) => lower(u.username) === lower(args.user_id_or_name) || u.user_id === args.user_id_or_name);
  if (!target) throw new HttpError(404, 'Could not find target user to share with');
  const names = `chute.name=${pyRepr(chute.name)} with user.username=${pyRepr(target.username)}`;
  if (share) {
    if (target.user_id === user.user_id) throw new HttpError(400, 'Cannot share a chute with yourself');
    if (!store.isShared(chute.chute_id, target.user_id)) {
      store.state.shares.push({ chute_id: chute.chute_id, shared_by: user.user_id, shared_to: target.user_id, shared_at: isoUtc(Date.now()) });
      store.save();
    }
    await sendJson(ctx, 200, { status: `Successfully shared ${names}` });
    return;
  }
  store.state.shares = store.state.shares.filter(
    (s) => !(s.chute_id === chute.chute_id && s.shared_to === target.user_id && s.shared_by === user.user_id),
  );
  store.save();
  await sendJson(ctx, 200, { status: `Successfully unshared ${names} (if share exists)` });
}

export const shareChute = (ctx: Ctx) => changeShare(ctx, true);
export const unshareChute = (ctx: Ctx) => changeShare(ctx, false);
