import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { chuteIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, randomNonce, signed, startDemo, stream } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
const TEE = chuteIdFor('demo', 'secure-chat-TEE');
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.close());

/** The client-side check of TEE-DOC: report_data starts with sha256(nonce + e2e_pubkey). */
function bound(quoteB64: string, nonce: string, pubkey: string): boolean {
  const quote = Buffer.from(quoteB64, 'base64');
  const expected = createHash('sha256').update(nonce + pubkey).digest('hex');
  return quote.length >= 632 && quote.subarray(48, 632).subarray(520, 584).toString('hex').slice(0, 64) === expected;
}

describe('TEE evidence', () => {
  it('binds each instance quote to the nonce and the instance E2E key', async () => {
    const keys = await call(emu, 'GET', `/e2e/instances/${TEE}`, { key: demo.apiKey });
    expect(keys.status).toBe(200);
    expect(keys.json.nonce_expires_in).toBe(60);
    expect(keys.json.instances).toHaveLength(3);
    for (const inst of keys.json.instances) {
      expect(Buffer.from(inst.e2e_pubkey, 'base64')).toHaveLength(1184);
      expect(inst.nonces).toHaveLength(10);
    }
    const pubkeys = new Map<string, string>(keys.json.instances.map((i: { instance_id: string; e2e_pubkey: string }) => [i.instance_id, i.e2e_pubkey]));
    const nonce = randomNonce();
    const r = await call(emu, 'GET', `/chutes/${TEE}/evidence?nonce=${nonce}`, { headers: await signed(demo.hotkeySeed, 'chutes') });
    expect(r.status).toBe(200);
    expect(r.json.evidence).toHaveLength(2);
    expect(r.json.failed_instance_ids).toHaveLength(1);
    for (const ev of r.json.evidence) {
      expect(Object.keys(ev)).toEqual(['quote', 'gpu_evidence', 'instance_id', 'certificate']);
      expect(bound(ev.quote, nonce, pubkeys.get(ev.instance_id)!)).toBe(true);
      expect(bound(ev.quote, randomNonce(), pubkeys.get(ev.instance_id)!)).toBe(false);
      expect(ev.gpu_evidence).toHaveLength(1);
    }
    const one = await call(emu, 'GET', `/instances/${r.json.evidence[0].instance_id}/evidence?nonce=${nonce}`, { key: demo.apiKey });
    expect(one.json.instance_id).toBe(r.json.evidence[0].instance_id);
    expect(bound(one.json.quote, nonce, pubkeys.get(one.json.instance_id)!)).toBe(true);
    const failing = await call(emu, 'GET', `/instances/${r.json.failed_instance_ids[0]}/evidence?nonce=${nonce}`, { key: demo.apiKey });
    expect(failing.status).toBe(502);
  });

  it('serves public TEE chutes without auth, by name too', async () => {
    const r = await call(emu, 'GET', `/chutes/deepseek-ai/DeepSeek-R1-TEE/evidence?nonce=${randomNonce()}`);
    expect(r.status).toBe(200);
    expect(r.json.evidence[0].gpu_evidence).toHaveLength(8);
  });

  it('applies the nonce rules with the server texts', async () => {
    const ask = (query: string) => call(emu, 'GET', `/chutes/${TEE}/evidence${query}`, { key: demo.apiKey });
    const missing = await ask('');
    expect(missing.status).toBe(422);
    expect(missing.json.detail[0]).toMatchObject({ type: 'missing', loc: ['query', 'nonce'] });
    expect((await ask('?nonce=')).json).toEqual({ detail: 'Nonce is required' });
    expect((await ask('?nonce=abc12')).json).toEqual({ detail: 'Nonce must be exactly 64 hex characters (32 bytes), got 5' });
    expect((await ask(`?nonce=${'g'.repeat(64)}`)).json).toEqual({ detail: 'Nonce must be a valid hexadecimal string' });
  });

  it('answers 400 for non-TEE chutes and 404 for unknown or hidden ones', async () => {
    const nonce = randomNonce();
    const plain = await call(emu, 'GET', `/chutes/demo-echo/evidence?nonce=${nonce}`, { key: demo.apiKey });
    expect([plain.status, plain.json.detail]).toEqual([400, `Chute ${chuteIdFor('demo', 'demo-echo')} is not TEE-enabled`]);
    expect((await call(emu, 'GET', `/chutes/nope/evidence?nonce=${nonce}`)).json.detail).toBe('Chute not found');
    expect((await call(emu, 'GET', `/chutes/${TEE}/evidence?nonce=${nonce}`)).json.detail).toBe('Chute not found, or does not belong to you');
    const instance = (await call(emu, 'GET', `/chutes/${TEE}`, { key: demo.apiKey })).json.instances[0].instance_id;
    const foreign = await call(emu, 'GET', `/instances/${instance}/evidence?nonce=${nonce}`, { key: seedCredentials('alice').apiKey });
    expect([foreign.status, foreign.json.detail]).toEqual([403, 'You do not have access to this instance']);
    expect((await call(emu, 'GET', `/instances/nope/evidence?nonce=${nonce}`, { key: demo.apiKey })).json.detail).toBe('Instance nope not found');
  });

  it('reports chutes without E2E-capable instances', async () => {
    const echo = await call(emu, 'GET', `/e2e/instances/${chuteIdFor('demo', 'demo-echo')}`, { key: demo.apiKey });
    expect([echo.status, echo.json.detail]).toEqual([404, 'No E2E-capable instances available']);
    const cold = await call(emu, 'GET', `/e2e/instances/${chuteIdFor('demo', 'demo-batch-02')}`, { key: demo.apiKey });
    expect(cold.json.detail).toBe('No active instances found for this chute');
  });

  it('rate-limits E2E discovery to 10 a minute, globally', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(emu, 'GET', `/e2e/instances/${TEE}`, { key: demo.apiKey })).status);
    expect(statuses).toContain(429);
    const limited = await call(emu, 'GET', `/e2e/instances/${TEE}`, { key: demo.apiKey });
    expect([limited.status, limited.json.detail]).toEqual([429, 'Rate limit exceeded. Try again later.']);
  });
});

describe('instance logs', () => {
  it('streams connected, backfilled lines and keeps going for the owner of a private chute', async () => {
    const chute = await call(emu, 'GET', '/chutes/demo-echo', { key: demo.apiKey });
    const id = chute.json.instances[0].instance_id;
    const r = await stream(emu, `/instances/${id}/logs?backfill=3`, { headers: await signed(demo.hotkeySeed, 'logs'), until: (t) => t.split('data: ').length > 5 });
    const events = r.text.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => JSON.parse(e.slice(6)));
    expect(events[0]).toEqual({ event: 'connected', filename: 'current' });
    expect(events.slice(1, 4).every((e) => typeof e.log === 'string')).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses public chutes, other users and out-of-range backfill', async () => {
    const llama = await call(emu, 'GET', '/chutes/unsloth/Llama-3.2-1B-Instruct');
    const publicLogs = await call(emu, 'GET', `/instances/${llama.json.instances[0].instance_id}/logs`, { key: demo.apiKey });
    expect([publicLogs.status, publicLogs.json.detail]).toEqual([403, 'You may only view logs for your own (private) chutes.']);
    const own = (await call(emu, 'GET', '/chutes/demo-echo', { key: demo.apiKey })).json.instances[0].instance_id;
    expect((await call(emu, 'GET', `/instances/${own}/logs?backfill=10001`, { key: demo.apiKey })).json.detail).toBe('`backfill` must be between 0 and 10000 (lines of logs)');
    expect((await call(emu, 'GET', '/instances/missing/logs', { key: demo.apiKey })).json.detail).toBe('Instance not found.');
  });
});
