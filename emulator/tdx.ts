// A TDX-shaped quote for TEE evidence (docs/platform.md §2.8, §6.4), complete down to its signature data so
// a client runs every step of DCAP on it. It is not signed by Intel: its PCK chain ends at the
// emulator's own root (pki.ts), so DCAP must fail. Layout (Intel TDX DCAP quote v4):
//   0..48     header: version 4, attestation key type 2 (ECDSA P-256), TEE type 0x81 (TDX), QE vendor id
//   48..632   TD report body; mrTd at 184, rtMr0..3 at 376..568, report_data is bytes 568..632
//   632..636  signature data length (u32 LE), then: ECDSA signature of bytes 0..632 by the attestation
//             key, the attestation key, and certification data type 6 (QE report, its signature by the
//             PCK key, QE auth data, and type 5: the PCK certificate chain in PEM)
import { createHash, generateKeyPairSync, sign, type KeyPairKeyObjectResult } from 'node:crypto';
import { emulatorPki } from './pki';

const INTEL_QE_VENDOR_ID = '939a7233f79c4ca9940a0db3957f0607';
const HEADER = 48;
const BODY = 584;
const REPORT_DATA_OFFSET = HEADER + 520;
export const TD_ATTRIBUTES_OFFSET = HEADER + 120;
const XFAM_OFFSET = HEADER + 128;
export const MR_TD_OFFSET = HEADER + 136;
const RT_MR0_OFFSET = HEADER + 328;
const QE_REPORT_BYTES = 384;

const digest = (...parts: string[]) => createHash('sha256').update(parts.join(':')).digest();
const register = (label: string) => createHash('sha384').update(`chutes-emulator:${label}`).digest();

/** sha256 over the UTF-8 of the hex nonce followed by the base64 E2E public key, as the SDK binds it. */
export const bindingDigest = (nonce: string, e2ePubkey: string): Buffer => createHash('sha256').update(nonce + e2ePubkey, 'utf8').digest();

/**
 * What GET /servers/tee/measurements publishes: the VM image every emulated TEE instance runs, and
 * the previous one. Guess: the reference names the content (MRTD, RTMRs, tee_type, fingerprints),
 * not the exact JSON shape.
 */
export const ACCEPTED_MEASUREMENTS = ['2026.11', '2026.10'].map((version) => {
  const values = { mrtd: register(`mrtd:${version}`), rtmr0: register(`rtmr0:${version}`), rtmr1: register(`rtmr1:${version}`), rtmr2: register(`rtmr2:${version}`), rtmr3: register(`rtmr3:${version}`) };
  const hex = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.toString('hex')])) as Record<keyof typeof values, string>;
  return {
    name: `chutes-tdx-vm ${version} (emulator)`,
    tee_type: 'tdx',
    ...hex,
    fingerprint: createHash('sha256').update(Object.values(hex).join('')).digest('hex'),
  };
});

let attestationKey: KeyPairKeyObjectResult | undefined;

export function fakeTdxQuote(instanceId: string, reportData: Buffer): string {
  const signedPart = Buffer.alloc(HEADER + BODY);
  signedPart.writeUInt16LE(4, 0);
  signedPart.writeUInt16LE(2, 2);
  signedPart.writeUInt32LE(0x81, 4);
  Buffer.from(INTEL_QE_VENDOR_ID, 'hex').copy(signedPart, 12);
  // Fields other than the published registers: stable per instance so repeated fetches agree.
  for (let offset = HEADER; offset < REPORT_DATA_OFFSET; offset += 32) {
    digest('measurement', instanceId, String(offset)).copy(signedPart, offset, 0, Math.min(32, REPORT_DATA_OFFSET - offset));
  }
  // td_attributes: debug off, SEPT_VE_DISABLE on (bit 28), as production TDs run; xfam as the sample's.
  Buffer.from('0000001000000000', 'hex').copy(signedPart, TD_ATTRIBUTES_OFFSET);
  Buffer.from('e702060000000000', 'hex').copy(signedPart, XFAM_OFFSET);
  const image = ACCEPTED_MEASUREMENTS[0];
  Buffer.from(image.mrtd, 'hex').copy(signedPart, MR_TD_OFFSET);
  [image.rtmr0, image.rtmr1, image.rtmr2, image.rtmr3].forEach((hex, i) => Buffer.from(hex, 'hex').copy(signedPart, RT_MR0_OFFSET + 48 * i));
  reportData.copy(signedPart, REPORT_DATA_OFFSET, 0, Math.min(64, reportData.length));
  return Buffer.concat([signedPart, signatureData(signedPart)]).toString('base64');
}

/** Signature data as a real quoting enclave writes it, with the emulator's keys instead of Intel's. */
function signatureData(signedPart: Buffer): Buffer {
  const pki = emulatorPki();
  attestationKey ??= generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = attestationKey.publicKey.export({ format: 'jwk' });
  const rawKey = Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  const quoteSignature = sign('sha256', signedPart, { key: attestationKey.privateKey, dsaEncoding: 'ieee-p1363' });
  const qeAuthData = digest('qe-auth-data');
  const qeReport = Buffer.alloc(QE_REPORT_BYTES);
  // The QE report's report_data holds sha256(attestation key || QE auth data).
  createHash('sha256').update(Buffer.concat([rawKey, qeAuthData])).digest().copy(qeReport, QE_REPORT_BYTES - 64);
  const pckChain = Buffer.from(pki.pckChain);
  const inner = Buffer.concat([
    qeReport,
    pki.signWithPck(qeReport),
    u16(qeAuthData.length),
    qeAuthData,
    u16(5),
    u32(pckChain.length),
    pckChain,
  ]);
  const auth = Buffer.concat([quoteSignature, rawKey, u16(6), u32(inner.length), inner]);
  return Buffer.concat([u32(auth.length), auth]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** The instance's TLS certificate (DER, base64), issued by the emulator's root. */
export function instanceCertificate(instanceId: string): string {
  return emulatorPki().instanceCertificate(instanceId).toString('base64');
}

/** Per-GPU NVIDIA evidence; the real keys come from NVIDIA's SDK and were not confirmed (§7.5). */
export function fakeGpuEvidence(instanceId: string, nonce: string, gpuCount: number) {
  return Array.from({ length: gpuCount }, (_, i) => ({
    certificate: digest('gpu-cert', instanceId, String(i)).toString('base64'),
    evidence: digest('gpu-evidence', instanceId, String(i), nonce).toString('base64'),
    arch: 'HOPPER',
  }));
}
