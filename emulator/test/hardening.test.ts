// The emulator under hostile input (issue 8): deeply nested JSON is a 422, not a 500; the controls
// under /_emulator/ answer loopback requests only, so a web page or a rebound DNS name cannot
// inject faults or reset state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { seedCredentials } from '../seed';
import { call, startDemo } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

describe('deeply nested JSON', () => {
  it('a body nested 100k deep answers 422 json_invalid, and the emulator keeps serving', async () => {
    const deep = `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: deep });
    expect(r.status).toBe(422);
    expect(r.json.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', 519], ctx: { error: 'JSON nested deeper than 512 levels' } });
    const objects = await call(emu, 'POST', '/chutes/', { key: demo.apiKey, body: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) });
    expect(objects.status).toBe(422);
    expect((await call(emu, 'GET', '/ping')).status).toBe(200);
  });

  it('brackets inside strings do not count: the body parses and reaches the route\'s own checks', async () => {
    const r = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: '['.repeat(10_000), admin: false } });
    expect(r.status).toBe(400);
    expect(r.json.detail).toMatch(/^API key name should start with alphanumeric/);
    const escaped = await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: `{"name": "k\\"${'['.repeat(600)}", "admin": false}` });
    expect(escaped.status).toBe(400);
  });
});

describe('/_emulator controls', () => {
  it.each([
    ['a platform Host', { host: 'api.chutes.ai' }],
    ['a rebound DNS name', { host: 'evil.example:8787' }],
    ['a web page Origin', { host: '127.0.0.1', headers: { origin: 'https://evil.example' } }],
    ['a null Origin', { host: '127.0.0.1', headers: { origin: 'null' } }],
  ])('refuse %s with 403 and change nothing', async (_what, options) => {
    const r = await call(emu, 'POST', '/_emulator/faults', { ...options, body: { path: '/ping', fault: { status: 500 } } });
    expect(r.status).toBe(403);
    expect(r.json.detail).toMatch(/loopback requests only/);
    expect((await call(emu, 'GET', '/ping')).status).toBe(200);
  });

  it('answer loopback Hosts and Origins', async () => {
    for (const host of ['127.0.0.1', `127.0.0.1:${emu.port}`, `localhost:${emu.port}`, '[::1]']) {
      expect((await call(emu, 'GET', '/_emulator/faults', { host })).status, host).toBe(200);
    }
    const fromLocalPage = await call(emu, 'GET', '/_emulator/faults', { host: '127.0.0.1', headers: { origin: `http://localhost:${emu.port}` } });
    expect(fromLocalPage.status).toBe(200);
  });
});
