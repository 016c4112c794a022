import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { seedCredentials } from '../seed';
import { call, sseData, startDemo, stream } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
const LLM = 'llm.chutes.ai';
const chatStream = { model: 'unsloth/Llama-3.2-1B-Instruct', stream: true, messages: [{ role: 'user', content: 'hello' }] };
const fault = (value: string) => ({ 'x-emulator-fault': value });
/** The emulator controls answer requests addressed to loopback only. */
const LOOPBACK = { host: '127.0.0.1' };
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

describe('X-Emulator-Fault header', () => {
  it('replaces the response with a status, detail and optional Retry-After', async () => {
    const r = await call(emu, 'GET', '/users/me', { key: demo.apiKey, headers: fault('status=503;retry-after=2') });
    expect([r.status, r.json, r.headers['retry-after']]).toEqual([503, { detail: 'Service Unavailable' }, '2']);
    const custom = await call(emu, 'GET', '/chutes/', { headers: fault('{"status":429,"detail":"slow down"}') });
    expect([custom.status, custom.json, custom.headers['retry-after']]).toEqual([429, { detail: 'slow down' }, undefined]);
  });

  it('delays, corrupts JSON bodies and drips them slowly', async () => {
    const started = Date.now();
    const delayed = await call(emu, 'GET', '/ping', { headers: fault('delay=150') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(delayed.json).toEqual({ message: 'pong' });
    const broken = await call(emu, 'GET', '/chutes/demo-echo', { key: demo.apiKey, headers: fault('malformed') });
    expect(broken.status).toBe(200);
    expect(broken.headers['content-type']).toBe('application/json');
    expect(() => JSON.parse(broken.text)).toThrow();
    const drip = await stream(emu, '/ping', { headers: fault('drip=40') });
    expect(drip.text).toBe('{"message":"pong"}');
    expect(drip.chunks.length).toBeGreaterThanOrEqual(2);
    expect(drip.chunks.at(-1)!.at - drip.chunks[0].at).toBeGreaterThanOrEqual(35);
  });

  it('cuts a stream after N events by destroying the socket', async () => {
    const r = await stream(emu, '/v1/chat/completions', { method: 'POST', host: LLM, key: demo.apiKey, body: chatStream, headers: fault('cut-after=2') });
    expect(r.status).toBe(200);
    expect(r.aborted).toBe(true);
    expect(sseData(r.text)).toHaveLength(2);
    expect(r.text).not.toContain('[DONE]');
  });

  it("ends a stream with the API's raw mid-stream error object", async () => {
    const r = await stream(emu, '/v1/chat/completions', { method: 'POST', host: LLM, key: demo.apiKey, body: chatStream, headers: fault('stream-error=upstream exploded;stream-error-after=3') });
    expect(sseData(r.text)).toHaveLength(3);
    expect(r.text.endsWith('\n\n{"error":"Unhandled exception during response stream: upstream exploded"}')).toBe(true);
  });

  it('drips stream events and corrupts the first JSON event', async () => {
    const r = await stream(emu, '/stream', { method: 'POST', host: 'demo-demo-echo.chutes.ai', key: demo.apiKey, body: { text: 'a b c' }, headers: fault('drip=30;malformed') });
    expect(sseData(r.text)).toHaveLength(2); // the first event no longer parses
    expect(r.chunks.at(-1)!.at - r.chunks[0].at).toBeGreaterThanOrEqual(50);
  });

  it('rejects a malformed fault header', async () => {
    const r = await call(emu, 'GET', '/ping', { headers: fault('explode=yes') });
    expect([r.status, r.json.detail]).toEqual([400, 'Invalid X-Emulator-Fault header: unknown key "explode"']);
  });
});

describe('/_emulator/faults rules', () => {
  it('fails the next N matching requests without any header, then stops', async () => {
    const added = await call(emu, 'POST', '/_emulator/faults', { ...LOOPBACK, body: { path: '/users/me', method: 'get', times: 2, fault: { status: 429 } } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ path: '/users/me', method: 'GET', remaining: 2, fault: { status: 429 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(emu, 'GET', '/users/me', { key: demo.apiKey })).status);
    expect(statuses).toEqual([429, 429, 200]);
    expect((await call(emu, 'GET', '/_emulator/faults', LOOPBACK)).json).toEqual([]);
  });

  it('matches by path prefix, method and host label, and can be cleared', async () => {
    await call(emu, 'POST', '/_emulator/faults', { ...LOOPBACK, body: { path: '/v1/', host: 'llm', times: 5, fault: { status: 502 } } });
    expect((await call(emu, 'GET', '/v1/models', { host: 'api.chutes.ai' })).status).toBe(404);
    expect((await call(emu, 'GET', '/v1/models', { host: LLM })).status).toBe(502);
    await call(emu, 'POST', '/_emulator/faults', { ...LOOPBACK, body: { path: '/chutes/', method: 'POST', fault: { status: 500 } } });
    expect((await call(emu, 'GET', '/chutes/demo-echo', { key: demo.apiKey })).status).toBe(200);
    expect((await call(emu, 'DELETE', '/_emulator/faults', LOOPBACK)).json).toEqual({ cleared: true });
    expect((await call(emu, 'GET', '/v1/models', { host: LLM })).status).toBe(200);
  });

  it('validates rule bodies', async () => {
    const bad = await call(emu, 'POST', '/_emulator/faults', { ...LOOPBACK, body: { path: 'users', fault: { status: 500 } } });
    expect([bad.status, bad.json.detail]).toEqual([400, '`path` must be a path prefix starting with "/"']);
    const badFault = await call(emu, 'POST', '/_emulator/faults', { ...LOOPBACK, body: { path: '/x', fault: { status: 200 } } });
    expect(badFault.json.detail).toBe('Invalid fault: status must be 400..599');
  });
});

describe('/_emulator/reset', () => {
  it('restores the seed', async () => {
    await call(emu, 'POST', '/api_keys/', { key: demo.apiKey, body: { name: 'temporary', admin: true } });
    await call(emu, 'POST', '/_emulator/faults', { ...LOOPBACK, body: { path: '/ping', fault: { status: 500 } } });
    expect((await call(emu, 'POST', '/_emulator/reset', LOOPBACK)).json).toEqual({ reset: true });
    const keys = await call(emu, 'GET', '/api_keys/', { key: demo.apiKey });
    expect(keys.json.items.map((k: { name: string }) => k.name)).toEqual(['default']);
    expect((await call(emu, 'GET', '/ping')).status).toBe(200);
  });
});
