import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index';
import { seedCredentials } from '../seed';
import { call } from './helpers';

/** The emulator controls answer requests addressed to loopback only. */
const LOOPBACK = { host: '127.0.0.1' };

const demo = seedCredentials('demo');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 'demo', bulkChutes: 5000, tokensPerSecond: 0 });
});
afterAll(() => emu.close());

describe('emulator extras for the explorer', () => {
  it('--bulk-chutes adds cold chutes to the demo user, paged past page 100 by offset', async () => {
    const first = await call(emu, 'GET', '/chutes/?page=0&limit=25', { key: demo.apiKey });
    expect(first.json.total).toBe(5033);
    expect(first.json.items).toHaveLength(25);
    const late = await call(emu, 'GET', '/chutes/?offset=5000&limit=25', { key: demo.apiKey });
    expect(late.json.items).toHaveLength(25);
    expect(late.json.items[0].name).toMatch(/^demo-bulk-\d{5}$/);
    expect((await call(emu, 'GET', '/chutes/?page=101&limit=25', { key: demo.apiKey })).status).toBe(422);
  });

  it('counts API requests (not its own /_emulator/ routes) until told to forget them', async () => {
    await call(emu, 'DELETE', '/_emulator/requests', LOOPBACK);
    await call(emu, 'GET', '/ping');
    await call(emu, 'GET', '/v1/models', { host: 'llm.chutes.ai' });
    const seen = await call(emu, 'GET', '/_emulator/requests', LOOPBACK);
    expect(seen.json.count).toBe(2);
    expect(seen.json.requests).toEqual([
      { method: 'GET', path: '/ping', host: 'api' },
      { method: 'GET', path: '/v1/models', host: 'llm' },
    ]);
    await call(emu, 'DELETE', '/_emulator/requests', LOOPBACK);
    expect((await call(emu, 'GET', '/_emulator/requests', LOOPBACK)).json.count).toBe(0);
  });
});
