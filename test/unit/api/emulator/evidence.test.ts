// TEE evidence and E2E instance discovery: the nonce binding a client checks (docs/platform.md §2.8 steps
// 4-5), failed instances, nonce rules, and who may ask.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import type { E2eInstances, TeeInstanceEvidence } from '../../../../src/core/api/types';
import { seedCredentials } from '../../../../emulator/index';
import { apiError, apiKeyOf, builtImage, failure, hotkeyOf, uploadImage, useEmulator } from './setup';

const emu = useEmulator();
const nonce = () => randomBytes(32).toString('hex');

/** Step 5: the first 32 bytes of the TDX report_data, i.e. quote bytes [48:632][520:552]. */
const reportData = (evidence: TeeInstanceEvidence) => Buffer.from(evidence.quote, 'base64').subarray(48 + 520, 48 + 552).toString('hex');
/** Step 4: sha256 over the UTF-8 of the hex nonce followed by the base64 E2E public key. */
const expectedBinding = (hexNonce: string, e2ePubkey: string) => createHash('sha256').update(hexNonce + e2ePubkey, 'utf8').digest('hex');

let teeChuteId: string;
let instanceIds: string[];
let e2e: E2eInstances;
beforeAll(async () => {
  const chute = await emu.apiKey.getChute('secure-chat-TEE');
  teeChuteId = chute.chute_id;
  instanceIds = (chute.instances ?? []).map((i) => i.instance_id);
  e2e = await emu.apiKey.e2eInstances(teeChuteId);
});
afterAll(() => emu.reset());

const pubkeyOf = (instanceId: string) => {
  const key = e2e.instances.find((i) => i.instance_id === instanceId)?.e2e_pubkey;
  if (!key) throw new Error(`no E2E key for ${instanceId}`);
  return key;
};

describe('e2eInstances', () => {
  it('lists each instance with an ML-KEM-768-sized public key and ten single-use nonces', () => {
    expect(e2e.instances.map((i) => i.instance_id)).toEqual(instanceIds);
    for (const instance of e2e.instances) {
      expect(Buffer.from(instance.e2e_pubkey, 'base64')).toHaveLength(1184);
      expect(new Set(instance.nonces).size).toBe(10);
    }
    expect(e2e.nonce_expires_in).toBe(60);
    expect(e2e.nonce_expires_at).toBeGreaterThan(Date.now() / 1000);
  });

  it('takes only an API key: a hotkey fails locally', async () => {
    const error = await failure(emu.hotkey.e2eInstances(teeChuteId));
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error).toMatchObject({ reason: 'api-key-only' });
  });

  it('reports chutes without instances, without E2E keys, and chutes you cannot see', async () => {
    const cold = await emu.apiKey.getChute('stabilityai/sdxl-turbo');
    await apiError(emu.apiKey.e2eInstances(cold.chute_id), 404, 'No active instances found for this chute');
    const plain = await emu.apiKey.getChute('demo-echo');
    await apiError(emu.apiKey.e2eInstances(plain.chute_id), 404, 'No E2E-capable instances available');
    const alices = await emu.client(apiKeyOf(emu.alice)).getChute('alice-notes');
    await apiError(emu.apiKey.e2eInstances(alices.chute_id), 404, 'Chute not found');
  });
});

describe('evidence', () => {
  it('binds every quote to sha256(nonce + e2e_pubkey), and lists the instance whose fetch failed', async () => {
    const hexNonce = nonce();
    for (const client of [emu.apiKey, emu.hotkey]) {
      const result = await client.evidence(teeChuteId, hexNonce);
      expect(result.failed_instance_ids).toEqual([instanceIds[2]]);
      expect(result.evidence.map((e) => e.instance_id)).toEqual(instanceIds.slice(0, 2));
      for (const evidence of result.evidence) {
        expect(reportData(evidence)).toBe(expectedBinding(hexNonce, pubkeyOf(evidence.instance_id)));
        const quote = Buffer.from(evidence.quote, 'base64');
        expect([quote.readUInt16LE(0), quote.readUInt32LE(4)]).toEqual([4, 0x81]); // TDX quote v4
        expect(evidence.gpu_evidence).toHaveLength(1);
        expect([...Buffer.from(evidence.certificate, 'base64').subarray(0, 2)]).toEqual([0x30, 0x82]); // DER SEQUENCE
      }
    }
  });

  it('binds a different nonce to a different report', async () => {
    const [a, b] = [nonce(), nonce()];
    const [first, second] = await Promise.all([emu.apiKey.evidence('secure-chat-TEE', a), emu.apiKey.evidence('secure-chat-TEE', b)]);
    expect(reportData(first.evidence[0])).not.toBe(reportData(second.evidence[0]));
    expect(reportData(second.evidence[0])).toBe(expectedBinding(b, pubkeyOf(second.evidence[0].instance_id)));
  });

  it('gives a public TEE chute\'s evidence signed out', async () => {
    const result = await emu.signedOut.evidence('deepseek-ai/DeepSeek-R1-TEE', nonce());
    expect(result.evidence).toHaveLength(2);
    expect(result.failed_instance_ids).toEqual([]);
  });

  it('enforces the nonce rules in the server\'s words', async () => {
    await apiError(emu.apiKey.evidence(teeChuteId, ''), 400, 'Nonce is required');
    await apiError(emu.apiKey.evidence(teeChuteId, 'abc'), 400, 'Nonce must be exactly 64 hex characters (32 bytes), got 3');
    await apiError(emu.apiKey.evidence(teeChuteId, 'z'.repeat(64)), 400, 'Nonce must be a valid hexadecimal string');
  });

  it('refuses a TEE chute whose image was built with an SDK older than 0.6.0', async () => {
    // Only the platform user may deploy TEE chutes; its hotkey is seeded like everyone else's.
    const chutes = seedCredentials('chutes');
    const platform = emu.client(hotkeyOf(chutes));
    const imageId = await uploadImage(emu, { name: 'old-sdk', dockerfile: 'FROM parachutes/python:3.12\n', as: chutes, chutesVersion: '0.5.5' });
    expect((await builtImage(platform, imageId)).status).toBe('built and pushed');
    const cords = [{ method: 'POST', path: '/run', function: 'run', stream: false, public_api_path: '/run', public_api_method: 'POST' }];
    const code = 'from chutes.chute import Chute\n';
    await platform.deployChute({ name: 'old-sdk-TEE', image: imageId, public: false, tee: true, code, filename: 'old.py', ref_str: 'old:chute', node_selector: { gpu_count: 1, min_vram_gb_per_gpu: 80 }, cords }, { acceptFee: true });
    await apiError(platform.evidence('old-sdk-TEE', nonce()), 400, 'Instances requires chutes_version >= 0.6.0 to retrieve evidence.');
  });

  it('refuses a chute that is not TEE, one you cannot see, and an unknown one', async () => {
    const plain = await emu.apiKey.getChute('demo-echo');
    await apiError(emu.apiKey.evidence('demo-echo', nonce()), 400, `Chute ${plain.chute_id} is not TEE-enabled`);
    await apiError(emu.apiKey.evidence('alice-notes', nonce()), 404, 'Chute not found, or does not belong to you');
    await apiError(emu.apiKey.evidence('no-such-chute', nonce()), 404, 'Chute not found');
  });
});

describe('instanceEvidence', () => {
  it('gives one instance\'s evidence bound to the nonce, with either credential', async () => {
    const hexNonce = nonce();
    for (const client of [emu.apiKey, emu.hotkey]) {
      const evidence = await client.instanceEvidence(instanceIds[1], hexNonce);
      expect(evidence.instance_id).toBe(instanceIds[1]);
      expect(reportData(evidence)).toBe(expectedBinding(hexNonce, pubkeyOf(instanceIds[1])));
    }
  });

  it('reports the instance whose attestation service is down with 502', async () => {
    await apiError(emu.apiKey.instanceEvidence(instanceIds[2], nonce()), 502, 'Attestation service unavailable.');
  });

  it('refuses unknown instances, other users\' instances, bad nonces, and signed-out callers', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await apiError(emu.apiKey.instanceEvidence(missing, nonce()), 404, `Instance ${missing} not found`);
    const [alices] = (await emu.client(apiKeyOf(emu.alice)).getChute('alice-notes')).instances ?? [];
    await apiError(emu.apiKey.instanceEvidence(alices.instance_id, nonce()), 403, 'You do not have access to this instance');
    await apiError(emu.apiKey.instanceEvidence(instanceIds[0], 'ab'), 400, 'Nonce must be exactly 64 hex characters (32 bytes), got 2');
    expect(await failure(emu.signedOut.instanceEvidence(instanceIds[0], nonce()))).toBeInstanceOf(AuthRequiredError);
  });
});

describe('rate limits', () => {
  it('answers 429 past ten E2E discoveries a minute, retried a few times before the words reach the caller', async () => {
    const calls = Array.from({ length: 10 }, () => emu.apiKey.e2eInstances(teeChuteId).then(() => 'ok', (e: Error) => e));
    const results = await Promise.all(calls);
    const limited = results.filter((r): r is Error => r instanceof Error);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ name: 'ChutesApiError', status: 429 });
    expect(limited[0].message).toContain('Rate limit exceeded. Try again later.');
    expect(emu.retries.filter((r) => r === `GET /e2e/instances/${teeChuteId}`).length).toBeGreaterThanOrEqual(2);
  });
});
