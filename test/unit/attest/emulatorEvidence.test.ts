// Every check on evidence the emulator makes (real HTTP, emulator PKI and PCCS), and the platform
// failures that must end in a clear message claiming nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { emulatorPki } from '../../../emulator/pki';
import { MR_TD_OFFSET, TD_ATTRIBUTES_OFFSET } from '../../../emulator/tdx';
import type { TeeChuteEvidence, TeeInstanceEvidence } from '../../../src/core/api/types';
import { AttestationError, attestChute, checkEvidence, type EvidenceContext } from '../../../src/core/attest/attest';
import { newNonce } from '../../../src/core/attest/binding';
import { checkDcap, loadDcap } from '../../../src/core/attest/dcap';
import { readMeasurements } from '../../../src/core/attest/measurements';
import type { CheckId, InstanceResult } from '../../../src/core/attest/report';
import { failure, hotkeyOf, useEmulator } from '../api/emulator/setup';
import { recordingCache } from './support';

const h = useEmulator();
const TEE = 'secure-chat-TEE';
const PCCS = 'http://pccs.chutes.ai';
const NO_GPU_VERIFIER = { found: false as const, reason: 'no verifier in this test.' };

beforeEach(() => h.reset());

/** Evidence for `nonce` and the context to check it, as attestChute builds them. */
async function fetched(nonce = newNonce(), urls: string[] = []) {
  const chute = await h.apiKey.getChute(TEE);
  const evidence = await h.apiKey.evidence(chute.chute_id, nonce);
  const keys = await h.apiKey.e2eInstances(chute.chute_id);
  const collateral = recordingCache(h.apiKey, urls);
  const nowMs = Date.now();
  const ctx: EvidenceContext = {
    nonce,
    pubkeys: new Map(keys.instances.map((i) => [i.instance_id, i.e2e_pubkey])),
    measurements: readMeasurements(await h.apiKey.teeMeasurements()),
    nowMs,
    gpu: NO_GPU_VERIFIER,
    dcap: (bytes, quote) => checkDcap(bytes, quote, { pccsUrl: PCCS, collateral, dcap: loadDcap, nowMs }),
  };
  return { chute, evidence, ctx };
}

function check(result: InstanceResult, id: CheckId) {
  const found = result.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check in ${JSON.stringify(result)}`);
  return found;
}

/** The first instance's evidence with its quote bytes changed. */
function withQuote(evidence: TeeChuteEvidence, change: (quote: Buffer) => Buffer | string): TeeChuteEvidence {
  const first = evidence.evidence[0];
  const changed = change(Buffer.from(first.quote, 'base64'));
  return { evidence: [{ ...first, quote: typeof changed === 'string' ? changed : changed.toString('base64') }], failed_instance_ids: [] };
}

async function firstResult(evidence: TeeChuteEvidence, ctx: EvidenceContext): Promise<InstanceResult> {
  return (await checkEvidence(evidence, ctx))[0];
}

describe('emulator-made evidence', () => {
  it('with a valid binding passes every check but DCAP (not Intel hardware, after fetching its collateral) and the GPUs (no verifier)', async () => {
    const urls: string[] = [];
    const { evidence, ctx } = await fetched(newNonce(), urls);
    const [one, two, failedOne] = await checkEvidence(evidence, ctx);
    for (const result of [one, two]) {
      expect(result.checks.map((c) => [c.id, c.status])).toEqual([
        ['quote', 'passed'], ['binding', 'passed'], ['debug', 'passed'], ['dcap', 'failed'], ['measurements', 'passed'], ['certificate', 'passed'], ['gpu', 'not checked'],
      ]);
      expect(check(result, 'dcap').reason).toMatch(/^The quote is not from Intel TDX hardware: its certificate chain ends at "Chutes Emulator SGX Root CA \(not Intel\)", not at Intel's SGX Root CA/);
      expect(check(result, 'measurements').reason).toContain('chutes-tdx-vm 2026.11 (emulator)');
      expect(check(result, 'certificate').reason).toContain(`CN=chutes-emulator-tee-instance ${result.instanceId}`);
      expect(result.verified).toBe(false);
    }
    // The collateral path ran against the emulator's PCCS, once: the second quote used the cache.
    expect(urls.map((u) => new URL(u).pathname + new URL(u).search)).toEqual([
      '/sgx/certification/v4/pckcrl?ca=processor&encoding=der',
      '/tdx/certification/v4/tcb?fmspc=00EE00000000',
      '/tdx/certification/v4/qe/identity?update=standard',
      '/sgx/certification/v4/rootcacrl',
    ]);
    expect(failedOne.instanceId).toBe(evidence.failed_instance_ids[0]);
  });

  it('with a wrong binding (another instance\'s key) fails the binding check', async () => {
    const { evidence, ctx } = await fetched();
    const [a, b] = evidence.evidence.map((e) => e.instance_id);
    const swapped = new Map([[a, ctx.pubkeys.get(b)!], [b, ctx.pubkeys.get(a)!]]);
    const result = await firstResult(evidence, { ...ctx, pubkeys: swapped });
    expect(check(result, 'binding')).toMatchObject({ status: 'failed' });
    expect(check(result, 'binding').reason).toMatch(/is not sha256\(nonce \+ e2e_pubkey\).*not made for this request and this instance's key/);
  });

  it('without an E2E key for the instance fails the binding check', async () => {
    const { evidence, ctx } = await fetched();
    const result = await firstResult(evidence, { ...ctx, pubkeys: new Map() });
    expect(check(result, 'binding').reason).toBe('The platform listed no E2E public key for this instance, so its report_data cannot be tied to this request.');
  });

  it('replayed with an old nonce fails the binding of every instance', async () => {
    const old = await fetched();
    const fresh = await fetched();
    const results = await checkEvidence(old.evidence, fresh.ctx);
    const checked = results.filter((r) => r.checks.some((c) => c.id === 'binding'));
    expect(checked).toHaveLength(2);
    for (const result of checked) expect(check(result, 'binding').reason).toMatch(/stale, replayed or for another key/);
  });

  it('with the debug bit on fails the debug check', async () => {
    const { evidence, ctx } = await fetched();
    const result = await firstResult(withQuote(evidence, (q) => { q[TD_ATTRIBUTES_OFFSET] |= 1; return q; }), ctx);
    expect(check(result, 'debug')).toEqual({ id: 'debug', status: 'failed', reason: 'The TD runs in debug mode (td_attributes 0100001000000000, bit 0 set): the host can read its memory.' });
    expect(check(result, 'binding').status).toBe('passed');
  });

  it('with a truncated quote fails the format and leaves the quote checks not checked', async () => {
    const { evidence, ctx } = await fetched();
    const result = await firstResult(withQuote(evidence, (q) => q.subarray(0, 700)), ctx);
    expect(check(result, 'quote').reason).toMatch(/^The quote is truncated: 700 bytes, but it declares \d+\.$/);
    for (const id of ['binding', 'debug', 'dcap', 'measurements'] as const) {
      expect(check(result, id)).toEqual({ id, status: 'not checked', reason: 'The quote could not be read.' });
    }
    expect(check(result, 'certificate').status).toBe('passed');
  });

  it('with bad base64 fails the format check', async () => {
    const { evidence, ctx } = await fetched();
    const result = await firstResult(withQuote(evidence, () => 'not*base64!'), ctx);
    expect(check(result, 'quote')).toEqual({ id: 'quote', status: 'failed', reason: 'The quote is missing or not valid base64.' });
  });

  it('with a wrong TEE type fails the format check', async () => {
    const { evidence, ctx } = await fetched();
    const result = await firstResult(withQuote(evidence, (q) => { q.writeUInt32LE(0, 4); return q; }), ctx);
    expect(check(result, 'quote').reason).toBe("The quote's TEE type is 0x0 (SGX), not 0x81 (Intel TDX).");
  });

  it('with unknown measurements fails the measurements check', async () => {
    const { evidence, ctx } = await fetched();
    const result = await firstResult(withQuote(evidence, (q) => { q[MR_TD_OFFSET] ^= 0xff; return q; }), ctx);
    expect(check(result, 'measurements').status).toBe('failed');
    expect(check(result, 'measurements').reason).toMatch(/is not among the 2 measurements the platform accepts: the VM does not run an approved image\.$/);
  });

  it('with an expired certificate fails the certificate check', async () => {
    const { evidence, ctx } = await fetched();
    const first = evidence.evidence[0];
    const day = 86_400_000;
    const expired = emulatorPki().instanceCertificate(first.instance_id, { notBefore: Date.now() - 30 * day, notAfter: Date.now() - day });
    const entry: TeeInstanceEvidence = { ...first, certificate: expired.toString('base64') };
    const result = await firstResult({ evidence: [entry], failed_instance_ids: [] }, ctx);
    expect(check(result, 'certificate').status).toBe('failed');
    expect(check(result, 'certificate').reason).toMatch(/^The certificate \(CN=chutes-emulator-tee-instance .*\) expired on \d{4}-\d\d-\d\dT/);
  });

  it('lists failed_instance_ids as failed instances', async () => {
    const { evidence, ctx } = await fetched();
    expect(evidence.failed_instance_ids).toHaveLength(1);
    const results = await checkEvidence(evidence, ctx);
    expect(results.at(-1)).toEqual({
      instanceId: evidence.failed_instance_ids[0],
      verified: false,
      checks: [{ id: 'evidence', status: 'failed', reason: "The platform could not fetch this instance's evidence (it is listed in failed_instance_ids), so nothing about it can be verified." }],
    });
  });
});

describe('attestChute against the emulator', () => {
  const deps = (overrides: Partial<Parameters<typeof attestChute>[1]> = {}) => ({
    client: h.apiKey,
    pccsUrl: PCCS,
    collateral: recordingCache(h.apiKey),
    dcap: loadDcap,
    gpuVerifier: async () => NO_GPU_VERIFIER,
    ...overrides,
  });

  it('reports every instance with a fresh 64-hex nonce and the verdict "not verified"', async () => {
    const chute = await h.apiKey.getChute(TEE);
    const report = await attestChute(chute, deps());
    expect(report.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(report.instances).toHaveLength(3);
    expect(report).toMatchObject({ chuteId: chute.chute_id, chuteName: TEE, verified: false, pccsUrl: PCCS });
    expect(report.summary).toBe('Not verified: 3 of 3 instances failed a check; 2 checks could not run.');
    const other = await attestChute(chute, deps());
    expect(other.nonce).not.toBe(report.nonce);
  });

  it('refuses a non-TEE chute before any request, and says so when the platform does', async () => {
    const echo = await h.apiKey.getChute('demo-echo');
    const local = await failure(attestChute(echo, deps()));
    expect(local).toBeInstanceOf(AttestationError);
    expect(local.message).toBe('demo-echo is not a TEE chute (tee=False), so it has no TDX evidence to verify.');
    const remote = await failure(attestChute({ chute_id: echo.chute_id, name: 'demo-echo' }, deps()));
    expect(remote).toMatchObject({ kind: 'not-tee' });
    expect(remote.message).toBe(`demo-echo is not a TEE chute (the platform says: "Chute ${echo.chute_id} is not TEE-enabled"). Nothing was verified.`);
  });

  it('a nonce the platform refuses is a clear message', async () => {
    const chute = await h.apiKey.getChute(TEE);
    const error = await failure(attestChute(chute, deps({ nonce: () => 'abc' })));
    expect(error).toMatchObject({ kind: 'bad-nonce' });
    expect(error.message).toBe('The platform refused the nonce: "Nonce must be exactly 64 hex characters (32 bytes), got 3". Nothing was verified.');
  });

  it('429 and 502 from the evidence route are clear messages after the retries', async () => {
    const chute = await h.apiKey.getChute(TEE);
    await h.fault({ path: `/chutes/${chute.chute_id}/evidence`, times: 3, fault: { status: 429 } });
    const limited = await failure(attestChute(chute, deps()));
    expect(limited).toMatchObject({ kind: 'rate-limited' });
    expect(limited.message).toMatch(/rate limit is reached .*"Rate limit exceeded\. Try again later\."\. Try again in a minute\. Nothing was verified\.$/);
    await h.fault({
      path: `/chutes/${chute.chute_id}/evidence`, times: 3,
      fault: { status: 502, detail: 'Attestation service unavailable. The attestation proxy could not be reached or returned an error.' },
    });
    const down = await failure(attestChute(chute, deps()));
    expect(down).toMatchObject({ kind: 'proxy-down' });
    expect(down.message).toMatch(/^The platform's attestation service is unavailable \(502\): "Attestation service unavailable\./);
  });

  it('with only a hotkey, the API-key-only E2E route is a clear message', async () => {
    const chute = await h.apiKey.getChute(TEE);
    const error = await failure(attestChute(chute, deps({ client: h.client(hotkeyOf(h.demo)) })));
    expect(error).toMatchObject({ kind: 'auth' });
    expect(error.message).toMatch(/accepts only an API key.*Nothing was verified\.$/);
  });

  it('an unreachable PCCS leaves DCAP not checked, saying why, and the chute not verified', async () => {
    const chute = await h.apiKey.getChute(TEE);
    await h.fault({ path: '/sgx/certification/v4/pckcrl', times: 6, fault: { status: 503 } });
    const report = await attestChute(chute, deps());
    const dcap = report.instances[0].checks.find((c) => c.id === 'dcap')!;
    expect(dcap.status).toBe('not checked');
    expect(dcap.reason).toMatch(/^Could not fetch the PCK CRL from the PCCS at http:\/\/pccs\.chutes\.ai: Service Unavailable \(503 from GET pccs\.chutes\.ai\/sgx\/certification\/v4\/pckcrl\), reached via 127\.0\.0\.1:\d+\. Without collateral/);
    expect(report.verified).toBe(false);
  });
});
