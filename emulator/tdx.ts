// A TDX-shaped quote for TEE evidence (reference §2.8, §6.4). It is not signed by Intel: a client can
// check the layout and the nonce binding, never DCAP. Layout (Intel TDX DCAP quote v4):
//   0..48    header: version 4, attestation key type 2 (ECDSA P-256), TEE type 0x81 (TDX), QE vendor id
//   48..632  TD report body; report_data is its last 64 bytes, i.e. bytes 568..632
//   632..    signature data length (u32 LE) and fake signature data
import { createHash } from 'node:crypto';

const INTEL_QE_VENDOR_ID = '939a7233f79c4ca9940a0db3957f0607';
const HEADER = 48;
const BODY = 584;
const REPORT_DATA_OFFSET = HEADER + 520;
const TD_ATTRIBUTES_OFFSET = HEADER + 16 + 48 + 48 + 8;
const SIGNATURE_BYTES = 128;

const digest = (...parts: string[]) => createHash('sha256').update(parts.join(':')).digest();

/** sha256 over the UTF-8 of the hex nonce followed by the base64 E2E public key, as the SDK binds it. */
export const bindingDigest = (nonce: string, e2ePubkey: string): Buffer => createHash('sha256').update(nonce + e2ePubkey, 'utf8').digest();

export function fakeTdxQuote(instanceId: string, reportData: Buffer): string {
  const quote = Buffer.alloc(HEADER + BODY + 4 + SIGNATURE_BYTES);
  quote.writeUInt16LE(4, 0);
  quote.writeUInt16LE(2, 2);
  quote.writeUInt32LE(0x81, 4);
  Buffer.from(INTEL_QE_VENDOR_ID, 'hex').copy(quote, 12);
  // Measurements: stable per instance so repeated fetches agree; td_attributes stays zero (debug off).
  for (let offset = HEADER; offset < REPORT_DATA_OFFSET; offset += 32) {
    digest('measurement', instanceId, String(offset)).copy(quote, offset, 0, Math.min(32, REPORT_DATA_OFFSET - offset));
  }
  quote.fill(0, TD_ATTRIBUTES_OFFSET, TD_ATTRIBUTES_OFFSET + 8);
  reportData.copy(quote, REPORT_DATA_OFFSET, 0, Math.min(64, reportData.length));
  quote.writeUInt32LE(SIGNATURE_BYTES, HEADER + BODY);
  for (let i = 0; i < SIGNATURE_BYTES; i += 32) digest('signature', instanceId, String(i)).copy(quote, HEADER + BODY + 4 + i);
  return quote.toString('base64');
}

/** A real self-signed P-256 certificate (DER, base64) standing in for each instance's TLS cert. */
export const INSTANCE_CERTIFICATE =
  'MIIB8DCCAZWgAwIBAgIUHeKDq+lnb/PrhEs0kjQ0NFpa2rwwCgYIKoZIzj0EAwIwTTElMCMGA1UEAwwcY2h1dGVzLWVtdWxhdG9yLXRlZS1pbnN0YW5jZTEkMCIGA1UECgwbQ2h1dGVzIEVtdWxhdG9yIChkZW1vLW9ubHkpMB4XDTI2MTEyNjA1MjgzM1oXDTM2MTEyMzA1MjgzM1owTTElMCMGA1UEAwwcY2h1dGVzLWVtdWxhdG9yLXRlZS1pbnN0YW5jZTEkMCIGA1UECgwbQ2h1dGVzIEVtdWxhdG9yIChkZW1vLW9ubHkpMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEx9Wh0W1qB9KcUybHjsN5ySsmt/o2A2Hkf/r/RD7iE6KWQclcEPhE9+AAp7HHe7do53aUB4poo312nNskcONX4aNTMFEwHQYDVR0OBBYEFBu6QsVuSzI3pPMvnjVKQNCgsfK4MB8GA1UdIwQYMBaAFBu6QsVuSzI3pPMvnjVKQNCgsfK4MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAL6Hnt9QXCB/EfjMpwe5dwMDnW3PPGqbjTooQBc6BKaDAiEA2QV2qr+/UXaBINryZYSwTE1RpysCCsnNUroJaoNxhf8=';

/** Per-GPU NVIDIA evidence; the real keys come from NVIDIA's SDK and were not confirmed (§7.5). */
export function fakeGpuEvidence(instanceId: string, nonce: string, gpuCount: number) {
  return Array.from({ length: gpuCount }, (_, i) => ({
    certificate: digest('gpu-cert', instanceId, String(i)).toString('base64'),
    evidence: digest('gpu-evidence', instanceId, String(i), nonce).toString('base64'),
    arch: 'HOPPER',
  }));
}
