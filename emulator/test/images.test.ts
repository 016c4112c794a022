import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { imageIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, sha256Hex, signed, startDemo, stream } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
beforeAll(async () => {
  emu = await startDemo({ buildDurationMs: 600 });
});
afterAll(() => emu.close());

const BOUNDARY = '----chutes-test-boundary';
const DOCKERFILE = 'FROM parachutes/python:3.12\nRUN pip install fastapi\nCOPY . /app\n';

function multipart(fields: Record<string, string>, withContext = true): Buffer {
  const parts = Object.entries(fields).map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const head = Buffer.from(parts.join(''));
  const zip = withContext
    ? Buffer.concat([
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="build_context"; filename="chute.zip"\r\nContent-Type: application/zip\r\n\r\n`),
        Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]),
        Buffer.from('\r\n'),
      ])
    : Buffer.alloc(0);
  return Buffer.concat([head, zip, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

const form = (name: string, overrides: Record<string, string> = {}) => ({
  username: 'demo', name, tag: '1.0', readme: 'test image', dockerfile: DOCKERFILE, image: 'gASV', public: 'False', logo_id: '__none__', wait: 'False', ...overrides,
});

async function upload(payload: Buffer, extraHeaders: Record<string, string> = {}) {
  return call(emu, 'POST', '/images/', {
    body: payload,
    headers: {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'x-chutes-version': '0.6.10',
      ...(await signed(demo.hotkeySeed, sha256Hex(payload))),
      ...extraHeaders,
    },
  });
}

const dataLines = (text: string) => text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));

describe('POST /images/ (multipart build)', () => {
  it('accepts a hotkey-signed multipart upload and builds it: pending build -> building -> built and pushed', async () => {
    const r = await upload(multipart(form('state-image')));
    expect(r.status).toBe(202);
    const id = imageIdFor('demo', 'state-image', '1.0');
    expect([r.json.image_id, r.json.status, r.json.user.username]).toEqual([id, 'pending build', 'demo']);
    const seen = new Set<string>();
    for (let i = 0; i < 60 && !seen.has('built and pushed'); i++) {
      seen.add((await call(emu, 'GET', `/images/${id}`, { key: demo.apiKey })).json.status);
      await new Promise((res) => setTimeout(res, 20));
    }
    expect([...seen]).toEqual(['pending build', 'building', 'built and pushed']);
    const done = await call(emu, 'GET', `/images/${id}`, { key: demo.apiKey });
    expect(done.json.build_started_at).not.toBeNull();
    expect(done.json.build_completed_at).not.toBeNull();
  });

  it('streams the build log as SSE lines without blank separators, then DONE; text/plain once finished', async () => {
    const r = await upload(multipart(form('log-image')));
    const id = r.json.image_id;
    const live = await stream(emu, `/images/${id}/logs`, { key: demo.apiKey });
    expect(live.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(live.text).not.toContain('\n\n');
    const lines = live.text.split('\n').filter(Boolean);
    expect(lines.at(-1)).toBe('DONE');
    expect(lines.every((l) => l === '.' || l === 'DONE' || l.startsWith('data: {'))).toBe(true);
    const events = dataLines(live.text);
    expect(events[0].log).toBe(`Starting build of demo/log-image:1.0 (image_id=${id})`);
    expect(events[1].log).toEqual({ log: 'Step 1/3 : FROM parachutes/python:3.12', log_type: 'stdout' });
    expect(events.every((e) => /^\d+-\d+$/.test(e.offset))).toBe(true);
    const finished = await call(emu, 'GET', `/images/${id}/logs`, { key: demo.apiKey });
    expect(finished.headers['content-type']).toMatch(/^text\/plain/);
    expect(finished.text.trimEnd().split('\n')).toEqual(events.map((e) => (typeof e.log === 'string' ? e.log : e.log.log)));
  });

  it('sends `.` keep-alive lines while nothing new is logged', async () => {
    const pending = await stream(emu, `/images/${imageIdFor('demo', 'pending-image', '0.3')}/logs`, { key: demo.apiKey, until: (t) => t.length >= 4 });
    expect(pending.text.startsWith('.\n.\n')).toBe(true);
  });

  it('resumes the log stream from an offset', async () => {
    const r = await upload(multipart(form('resume-image')));
    const id = r.json.image_id;
    const first = await stream(emu, `/images/${id}/logs`, { key: demo.apiKey, until: (t) => dataLines(t).length >= 2 });
    const head = dataLines(first.text).slice(0, 2);
    const rest = await stream(emu, `/images/${id}/logs?offset=${head[1].offset}`, { key: demo.apiKey });
    const tail = dataLines(rest.text);
    const full = (await call(emu, 'GET', `/images/${id}/logs`, { key: demo.apiKey })).text.trimEnd().split('\n');
    expect([...head, ...tail].map((e) => (typeof e.log === 'string' ? e.log : e.log.log))).toEqual(full);
    const broken = await stream(emu, `/images/${imageIdFor('demo', 'pending-image', '0.3')}/logs?offset=abc`, { key: demo.apiKey });
    expect(broken.text).toBe('data: ERROR: Invalid stream ID specified as stream command argument');
  });

  it('ends in "error: ..." when a RUN step fails', async () => {
    const r = await upload(multipart(form('fail-image', { dockerfile: 'FROM parachutes/python:3.12\nRUN false\nRUN echo never\n' })));
    const live = await stream(emu, `/images/${r.json.image_id}/logs`, { key: demo.apiKey });
    expect(dataLines(live.text).at(-1).log).toEqual({ log: "The command '/bin/sh -c false' returned a non-zero code: 1", log_type: 'stderr' });
    const image = await call(emu, 'GET', `/images/${r.json.image_id}`, { key: demo.apiKey });
    expect(image.json.status).toBe("error: Image build failed: The command '/bin/sh -c false' returned a non-zero code: 1");
  });

  it('rejects bad uploads with the server statuses', async () => {
    const missing = await upload(multipart({ username: 'demo' }, false));
    expect(missing.status).toBe(422);
    expect(missing.json.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(['wait', 'build_context', 'name', 'readme', 'logo_id', 'tag', 'dockerfile', 'image', 'public']);
    const payload = multipart(form('versioned'));
    const oldSdk = await upload(payload, { 'x-chutes-version': '0.3.1' });
    expect(oldSdk.json.detail).toBe('Please upgrade your local chutes lib to version >= 0.3.61, e.g. `pip3 install chutes==0.3.61` and try again');
    const someoneElse = await upload(multipart(form('x', { username: 'alice' })));
    expect([someoneElse.status, someoneElse.json.detail]).toEqual([401, 'Cannot make images for users other than yourself!']);
    const duplicate = await upload(multipart(form('echo-image', { tag: '0.1' })));
    expect([duplicate.status, duplicate.json.detail]).toEqual([409, "Image with name='echo-image' and tag='0.1' aready exists"]);
  });

  it('verifies the signature over the whole multipart body', async () => {
    const payload = multipart(form('tampered'));
    const headers = await signed(demo.hotkeySeed, sha256Hex(multipart(form('original'))));
    const r = await call(emu, 'POST', '/images/', {
      body: payload,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'x-chutes-version': '0.6.10', ...headers },
    });
    expect(r.status).toBe(401);
    expect(r.json.detail).toContain(`:${sha256Hex(payload)}`);
  });
});

describe('image listing, lookup and deletion', () => {
  it('lists own images (newest first) in the envelope, public ones on request', async () => {
    const own = await call(emu, 'GET', '/images/?limit=100', { key: demo.apiKey });
    expect(own.json.cord_refs).toBeNull();
    const created = own.json.items.map((i: { created_at: string }) => i.created_at);
    expect(created).toEqual([...created].sort().reverse());
    const statuses = new Set(own.json.items.map((i: { status: string }) => i.status.split(':')[0]));
    expect([...statuses]).toEqual(expect.arrayContaining(['pending build', 'building', 'built and pushed', 'error']));
    const withPublic = await call(emu, 'GET', '/images/?include_public=true&name=vllm', { key: demo.apiKey });
    expect(withPublic.json.items.map((i: { name: string; tag: string }) => `${i.name}:${i.tag}`)).toEqual(['vllm:nightly-2025111700']);
  });

  it('finds images by id and by [username/]name:tag, 404 for others private ones', async () => {
    const id = imageIdFor('demo', 'echo-image', '0.1');
    for (const ref of [id, 'echo-image:0.1', 'demo/echo-image:0.1']) {
      expect((await call(emu, 'GET', `/images/${ref}`, { key: demo.apiKey })).json.image_id, ref).toBe(id);
    }
    expect((await call(emu, 'GET', '/images/chutes/vllm:nightly-2025111700', { key: demo.apiKey })).json.public).toBe(true);
    const hidden = await call(emu, 'GET', '/images/alice/notes-image:1.0', { key: demo.apiKey });
    expect([hidden.status, hidden.json.detail]).toEqual([404, 'Image not found, or does not belong to you']);
  });

  it('refuses to delete images in use (409) and deletes unused ones', async () => {
    const inUse = await call(emu, 'DELETE', '/images/echo-image:0.1', { key: demo.apiKey });
    expect([inUse.status, inUse.json.detail]).toEqual([409, 'Image is in use by one or more chutes']);
    const id = imageIdFor('demo', 'pending-image', '0.3');
    const gone = await call(emu, 'DELETE', `/images/${id}`, { headers: await signed(demo.hotkeySeed, 'images') });
    expect(gone.json).toEqual({ image_id: id, deleted: true });
    expect((await call(emu, 'DELETE', '/images/chutes/vllm:nightly-2025111700', { key: demo.apiKey })).status).toBe(404);
  });
});
