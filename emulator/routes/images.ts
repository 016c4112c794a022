// Image routes (API api/image/router.py, docs/platform.md §2.3).
import { currentUser } from '../auth';
import { advanceBuilds, buildFinished, logEntries, logText, planBuild } from '../builds';
import { HttpError, header, sendJson, sendText, type Ctx } from '../http';
import { imageIdFor } from '../ids';
import { PERM, hasRole, type ImageRec, type UserRec } from '../model';
import { boundaryOf, parseMultipart, type FormPart } from '../multipart';
import { PAGING_QUERY, pageEnvelope } from '../paging';
import { imageResponse } from '../present';
import { isoUtc, pyRepr, semcomp } from '../pyfmt';
import { EventStream } from '../sse';
import type { Store } from '../store';
import { validateParams, type Fields, type Issue } from '../validation';

const NOT_YOURS = 'Image not found, or does not belong to you';
const NAME_FORM = /^(?:([a-z0-9][a-z0-9_.-]*)\/)?([a-z0-9][a-z0-9_.-]*):([a-z0-9][a-z0-9_.-]*)$/i;
/** The real forge polls Redis every second; the emulator polls faster so short builds stream smoothly. */
const LOG_POLL_MS = 250;

/** get_image_by_id_or_name: an id, or `[username/]name:tag` (yours when no username); public or yours. */
export function findImage(store: Store, idOrName: string, user: UserRec): ImageRec | undefined {
  const visible = store.state.images.filter((i) => i.public || i.user_id === user.user_id);
  const match = NAME_FORM.exec(idOrName.replace(/^\/+/, ''));
  if (!match) return visible.find((i) => i.image_id === idOrName);
  const owner = store.userByName(match[1] ?? user.username);
  return visible.find((i) => i.user_id === owner?.user_id && i.name === match[2] && i.tag === match[3]);
}

const LIST_QUERY: Fields = {
  include_public: { spec: { t: 'bool' }, nullable: true, default: false },
  name: { spec: { t: 'str' }, nullable: true },
  tag: { spec: { t: 'str' }, nullable: true },
  ...PAGING_QUERY,
};

export async function listImages(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'images' });
  const q = validateParams<{ include_public: boolean; name: string | null; tag: string | null; page: number; limit: number }>(LIST_QUERY, ctx.query);
  const like = (value: string, part: string | null) => !part?.trim() || value.toLowerCase().includes(part.toLowerCase());
  const items = ctx.app.store.state.images
    .filter((i) => i.user_id === user.user_id || (q.include_public && i.public))
    .filter((i) => like(i.name, q.name) && like(i.tag, q.tag))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  await sendJson(ctx, 200, pageEnvelope(items, q.page, q.limit, (i) => imageResponse(ctx.app.store, i)));
}

export async function getImage(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'images' });
  const image = findImage(ctx.app.store, ctx.params.image, user);
  if (!image) throw new HttpError(404, NOT_YOURS);
  await sendJson(ctx, 200, imageResponse(ctx.app.store, image));
}

export async function deleteImage(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'images' });
  const { store } = ctx.app;
  const image = findImage(store, ctx.params.image, user);
  if (!image || image.user_id !== user.user_id) throw new HttpError(404, NOT_YOURS);
  if (store.state.chutes.some((c) => c.image_id === image.image_id)) throw new HttpError(409, 'Image is in use by one or more chutes');
  store.state.images = store.state.images.filter((i) => i !== image);
  store.save();
  await sendJson(ctx, 200, { image_id: image.image_id, deleted: true });
}

const FORM_FIELDS = ['wait', 'build_context', 'username', 'name', 'readme', 'logo_id', 'tag', 'dockerfile', 'image', 'public'];

function readForm(ctx: Ctx): Map<string, FormPart> {
  const boundary = boundaryOf(header(ctx, 'content-type'));
  const parts = boundary ? parseMultipart(ctx.body, boundary) : [];
  const form = new Map(parts.map((p) => [p.name, p]));
  const issues: Issue[] = FORM_FIELDS.filter((f) => !form.has(f)).map((f) => ({ type: 'missing', loc: ['body', f], msg: 'Field required', input: null }));
  const context = form.get('build_context');
  if (context && context.filename === null) {
    issues.push({ type: 'value_error', loc: ['body', 'build_context'], msg: "Value error, Expected UploadFile, received: <class 'str'>", input: context.data.toString('utf8'), ctx: { error: {} } });
  }
  if (issues.length) throw new HttpError(422, issues);
  return form;
}

export async function buildImage(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx);
  const form = readForm(ctx);
  const text = (name: string) => form.get(name)!.data.toString('utf8');
  const flags = validateParams<{ wait: boolean; public: boolean }>(
    { wait: { spec: { t: 'bool' }, required: true }, public: { spec: { t: 'bool' }, required: true } },
    new Map([['wait', text('wait')], ['public', text('public')]]),
    'body',
  );
  if (text('username') !== user.username) throw new HttpError(401, 'Cannot make images for users other than yourself!');
  const sdkVersion = (header(ctx, 'x-chutes-version') ?? '0.0.0').toLowerCase() || '0.0.0';
  if (semcomp(sdkVersion, '0.3.61') < 0) {
    throw new HttpError(400, 'Please upgrade your local chutes lib to version >= 0.3.61, e.g. `pip3 install chutes==0.3.61` and try again');
  }
  if (!hasRole(user, PERM.unlimited_dev) && user.balance < 50) throw new HttpError(402, 'You must have a balance of >= $50 to create images.');
  const { store, settings } = ctx.app;
  const [name, tag] = [text('name'), text('tag')];
  const imageId = imageIdFor(user.username, name, tag);
  if (store.state.images.some((i) => i.image_id === imageId || (i.user_id === user.user_id && i.name === name && i.tag === tag))) {
    throw new HttpError(409, `Image with name=${pyRepr(name)} and tag=${pyRepr(tag)} aready exists`);
  }
  const logo = text('logo_id');
  const now = Date.now();
  const image: ImageRec = {
    image_id: imageId,
    user_id: user.user_id,
    name,
    tag,
    readme: text('readme'),
    public: flags.public,
    status: 'pending build',
    created_at: isoUtc(now),
    build_started_at: null,
    build_completed_at: null,
    logo_id: logo && logo !== '__none__' ? logo : null,
    patch_version: null,
    chutes_version: sdkVersion,
    log: [],
    build: null,
  };
  planBuild(image, user.username, text('dockerfile'), now, settings.buildMs);
  store.state.images.push(image);
  store.save();
  if (flags.wait) {
    // The server's legacy reply for old SDKs: a Python dict repr, not JSON, and no real stream.
    const stream = new EventStream(ctx, {}, 202);
    await stream.write(`data: {'redirect': '/images/{image_id}/stream', 'reason': 'log streaming is now a separate endpoint, please update chutes library'}\n`);
    stream.end();
    return;
  }
  await sendJson(ctx, 202, { ...imageResponse(store, image), user_id: user.user_id });
}

/** GET /images/{id}/logs: the whole log as text once finished, else a line stream (no blank lines). */
export async function streamBuildLogs(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'images', required: false });
  const { store } = ctx.app;
  const image = store.imageById(ctx.params.image_id);
  if (!image || (!image.public && image.user_id !== user?.user_id)) throw new HttpError(404, NOT_YOURS);
  if (buildFinished(image)) {
    await sendText(ctx, 200, logText(image) || image.status, 'text/plain', {
      'content-disposition': `inline; filename="${image.image_id}.log"`,
    });
    return;
  }
  const stream = new EventStream(ctx, { 'x-accel-buffering': 'no' });
  const offset = ctx.query.get('offset');
  let from: [number, number] = [0, 0];
  if (offset && offset !== '-') {
    const parsed = /^(\d+)(?:-(\d+))?$/.exec(offset);
    if (!parsed) {
      await stream.write('data: ERROR: Invalid stream ID specified as stream command argument');
      return stream.end();
    }
    from = [Number(parsed[1]), Number(parsed[2] ?? 0)];
  }
  const after = (id: [number, number]) => id[0] > from[0] || (id[0] === from[0] && id[1] >= from[1]);
  while (stream.open) {
    const now = Date.now();
    if (advanceBuilds(store, now)) store.save();
    const fresh = logEntries(image).filter((e) => e.line.at <= now && after(e.id));
    for (const { id, line } of fresh) {
      from = [id[0], id[1] + 1];
      if (!(await stream.write(`data: ${JSON.stringify({ log: line.log, offset: `${from[0]}-${from[1]}` })}\n`))) return;
    }
    if (buildFinished(image)) {
      // The server's loop never ends after DONE (it keeps sending keep-alives); ending here is kinder.
      await stream.write('DONE\n');
      return stream.end();
    }
    if (!fresh.length && !(await stream.write('.\n'))) return;
    await stream.pause(LOG_POLL_MS);
  }
}
