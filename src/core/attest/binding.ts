// The freshness binding of TEE evidence (docs/platform.md §2.8): the caller's nonce is 32 random
// bytes as 64 hex characters, and each instance's report_data starts with
// sha256(nonce + e2e_pubkey), hashed over the UTF-8 of the hex nonce followed by the base64 key.
import { createHash, randomBytes } from 'node:crypto';

/** A fresh nonce from the operating system's CSPRNG. */
export function newNonce(): string {
  return randomBytes(32).toString('hex');
}

export function isNonce(value: string): boolean {
  return /^[0-9a-f]{64}$/i.test(value);
}

/** sha256_hex(nonce + e2e_pubkey): what the first 32 bytes of report_data must be. */
export function expectedReportData(nonce: string, e2ePubkey: string): string {
  return createHash('sha256').update(nonce + e2ePubkey, 'utf8').digest('hex');
}
