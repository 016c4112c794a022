// Fake miner instances: deterministic ids and E2E public keys.
import { createHash } from 'node:crypto';
import { uuid5 } from './ids';
import type { InstanceRec } from './model';
import { isoUtc } from './pyfmt';

const ML_KEM_768_PUBLIC_KEY_BYTES = 1184;

/** Deterministic bytes standing in for an ML-KEM-768 public key (no real key: E2E is not emulated). */
export function fakeE2ePubkey(instanceId: string): string {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < ML_KEM_768_PUBLIC_KEY_BYTES; i++) {
    chunks.push(createHash('sha256').update(`e2e-pubkey:${instanceId}:${i}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, ML_KEM_768_PUBLIC_KEY_BYTES).toString('base64');
}

/** The n-th instance of a chute, active and verified; TEE chutes get an E2E key. */
export function makeInstance(chuteId: string, n: number, verifiedAtMs: number, tee: boolean): InstanceRec {
  const instance_id = uuid5(`${chuteId}:instance:${n}`);
  return {
    instance_id,
    region: 'n/a',
    active: true,
    verified: true,
    last_verified_at: isoUtc(verifiedAtMs),
    e2e_pubkey: tee ? fakeE2ePubkey(instance_id) : null,
  };
}
