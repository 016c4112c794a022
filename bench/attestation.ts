// Attestation: checking the evidence of 5 instances once the collateral is cached, against the
// evidence request itself (one GET over loopback to the emulator), so the ratio says what our
// checks add to what the network costs anyway. Two inputs: the emulator's evidence (DCAP stops at its
// non-Intel chain) and 5 copies of the real Intel sample quote (full DCAP to UpToDate).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedCredentials, startEmulator } from '../emulator/index';
import { makeInstance } from '../emulator/fleet';
import { ChutesClient } from '../src/core/api/client';
import type { TeeChuteEvidence } from '../src/core/api/types';
import { checkEvidence, type EvidenceContext } from '../src/core/attest/attest';
import { newNonce } from '../src/core/attest/binding';
import { CollateralCache } from '../src/core/attest/collateral';
import { checkDcap, loadDcap } from '../src/core/attest/dcap';
import { readMeasurements } from '../src/core/attest/measurements';
import { INSIDE_VALIDITY, SAMPLE_QUOTE, startSamplePccs } from '../test/support/samplePccs';
import { compare } from './measure';

const INSTANCES = 5;
const TEE = 'secure-chat-TEE';

/** An emulator whose TEE chute has 5 live instances (the seed has 2 and one that fails). */
async function emulatorWithFiveInstances() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-bench-'));
  const statePath = path.join(dir, 'state.json');
  await (await startEmulator({ port: 0, seed: 'demo', statePath })).close();
  const state = JSON.parse(readFileSync(statePath, 'utf8'));
  const chute = state.chutes.find((c: { name: string }) => c.name === TEE);
  chute.instances = Array.from({ length: INSTANCES }, (_, n) => makeInstance(chute.chute_id, n, Date.now(), true));
  writeFileSync(statePath, JSON.stringify(state));
  const emulator = await startEmulator({ port: 0, statePath });
  return { emulator, chuteId: chute.chute_id as string, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function benchAttestation(): Promise<void> {
  const { emulator, chuteId, cleanup } = await emulatorWithFiveInstances();
  const pccs = await startSamplePccs();
  const demo = seedCredentials('demo');
  const clients: ChutesClient[] = [];
  const client = new ChutesClient(
    { apiBaseUrl: 'http://api.chutes.ai', platformDomain: 'chutes.ai', connectTo: `127.0.0.1:${emulator.port}`, auth: async () => ({ kind: 'apiKey', apiKey: demo.apiKey }) },
    { env: {} },
  );
  clients.push(client);
  try {
    const nonce = newNonce();
    const evidence = await client.evidence(chuteId, nonce);
    if (evidence.evidence.length !== INSTANCES) throw new Error(`expected ${INSTANCES} instances, got ${evidence.evidence.length}`);
    const keys = await client.e2eInstances(chuteId);
    // The sample's PCCS is a plain loopback server: its client has no connect-to.
    const direct = new ChutesClient({ apiBaseUrl: pccs.url, platformDomain: 'chutes.ai', auth: async () => undefined }, { env: {} });
    clients.push(direct);
    const cache = (via: ChutesClient) => new CollateralCache((url, signal) => via.fetchExternal(url, signal), async () => (await loadDcap()).utils);
    const context = (pccsUrl: string, collateral: CollateralCache, nowMs: number): EvidenceContext => ({
      nonce,
      pubkeys: new Map(keys.instances.map((i) => [i.instance_id, i.e2e_pubkey])),
      measurements: readMeasurements(emulatorMeasurements),
      nowMs,
      gpu: { found: false, reason: 'not looked for in the bench' },
      dcap: (bytes, quote) => checkDcap(bytes, quote, { pccsUrl, collateral, dcap: loadDcap, nowMs }),
    });
    const emulatorMeasurements = await client.teeMeasurements();
    const sampleEvidence: TeeChuteEvidence = {
      evidence: evidence.evidence.map((e) => ({ ...e, quote: Buffer.from(SAMPLE_QUOTE).toString('base64') })),
      failed_instance_ids: [],
    };
    const inputs: Array<[string, TeeChuteEvidence, EvidenceContext]> = [
      ['emulator evidence (DCAP ends at its non-Intel root)', evidence, context('http://pccs.chutes.ai', cache(client), Date.now())],
      ['the Intel sample quote (full DCAP, UpToDate)', sampleEvidence, context(pccs.url, cache(direct), INSIDE_VALIDITY)],
    ];
    for (const [label, input, ctx] of inputs) {
      const first = await checkEvidence(input, ctx); // fetches and caches the collateral
      if (label.includes('sample') && first[0].checks.find((c) => c.id === 'dcap')?.status !== 'passed') throw new Error('the sample did not verify');
      const [request, verify] = await compare(
        9,
        { name: 'the evidence request', run: () => client.evidence(chuteId, newNonce()) },
        { name: 'verifying', run: () => checkEvidence(input, ctx) },
      );
      console.log(
        `Attestation, ${INSTANCES} instances of ${label}: checking takes ${(verify.seconds / request.seconds).toFixed(2)}x the time of the evidence request` +
          `  (checks ${(verify.seconds * 1000).toFixed(1)} ms, request ${(request.seconds * 1000).toFixed(1)} ms; collateral cached)`,
      );
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await pccs.close();
    await emulator.close();
    cleanup();
  }
}
