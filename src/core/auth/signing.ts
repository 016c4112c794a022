// Hotkey signatures: sr25519 keypair from the 32-byte seed (btwallet Keypair.create_from_seed),
// SS58 prefix 42, and the three header schemes we sign:
// - Chutes (docs/platform.md §1.2): X-Chutes-Hotkey / -Nonce / -Signature over "{ss58}:{nonce}:{X}";
// - Epistula v2 (§1.5, macrocosm-os/atom): for subnet developers testing their own endpoints;
// - the seed guide's X-Epistula-* variant, which no Chutes server reads (§5): offered only because
//   some subnet code uses it.
// sr25519 signatures are randomised: they are verified, never compared.
import { createHash, randomUUID } from 'node:crypto';
import { CredentialsError } from './credentials';

export interface Hotkey {
  readonly ss58: string;
  readonly publicKey: Uint8Array;
  /** sr25519 signature of the UTF-8 bytes of `message` (or of the bytes given). */
  sign(message: string | Uint8Array): Uint8Array;
}

const SS58_PREFIX = 42;

/** The seed as 64 lower-case hex characters without `0x`; throws a CredentialsError otherwise. */
export function normalizeSeedHex(seed: string, source = 'the hotkey seed'): string {
  const hex = seed.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new CredentialsError('bad-seed', `${source} is not a valid 32-byte seed (expected 64 hex characters, got ${hex.length}).`);
  }
  return hex.toLowerCase();
}

let cached: { seedDigest: string; hotkey: Hotkey } | undefined;

/** The keypair of a seed (hex, with or without 0x). Keeps the last one, keyed by a digest of the seed. */
export async function hotkeyFromSeed(seedHex: string): Promise<Hotkey> {
  const hex = normalizeSeedHex(seedHex);
  const seedDigest = sha256Hex(hex);
  if (cached?.seedDigest === seedDigest) return cached.hotkey;
  const { Keyring } = await import('../lazy/polkadot');
  const pair = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).addFromSeed(Buffer.from(hex, 'hex'));
  const hotkey: Hotkey = {
    ss58: pair.address,
    publicKey: pair.publicKey,
    sign: (message) => pair.sign(message),
  };
  cached = { seedDigest, hotkey };
  return hotkey;
}

/**
 * Checks that `expected` (the address a config or wallet file states) belongs to `hotkey`, which was
 * derived from the seed in the same file. Addresses are compared by public key, so any SS58 prefix
 * is accepted.
 */
export async function assertHotkeyAddress(hotkey: Hotkey, expected: string, source: string): Promise<void> {
  const { decodeAddress } = await import('../lazy/polkadot');
  let expectedKey: Uint8Array;
  try {
    expectedKey = decodeAddress(expected.trim());
  } catch {
    throw new CredentialsError('bad-address', `${source} names "${expected}" as the hotkey address, which is not a valid SS58 address.`);
  }
  if (Buffer.compare(Buffer.from(expectedKey), Buffer.from(hotkey.publicKey)) !== 0) {
    throw new CredentialsError(
      'ss58-mismatch',
      `The hotkey seed in ${source} belongs to ${hotkey.ss58}, but the file names ${expected.trim()} as its address. ` +
        'The seed and the address come from different hotkeys: run `chutes register` again or correct the file.',
    );
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** What a Chutes signature covers: the exact body bytes (POST/PUT/PATCH) or the route's purpose. */
export type ChutesPayload = { body: Uint8Array } | { purpose: string };

export function chutesSigningMessage(ss58: string, nonce: string, payload: ChutesPayload): string {
  return `${ss58}:${nonce}:${'body' in payload ? sha256Hex(payload.body) : payload.purpose}`;
}

export interface ChutesHeaderOptions {
  /** Unix time in seconds; defaults to now. */
  nonce?: number;
  userId?: string;
}

/** X-Chutes-* headers; the signature is lower-case hex without 0x, as the server's bytes.fromhex needs. */
export function chutesHeaders(hotkey: Hotkey, payload: ChutesPayload, options: ChutesHeaderOptions = {}): Record<string, string> {
  const nonce = String(options.nonce ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'X-Chutes-Hotkey': hotkey.ss58,
    'X-Chutes-Nonce': nonce,
    'X-Chutes-Signature': hex(hotkey.sign(chutesSigningMessage(hotkey.ss58, nonce, payload))),
  };
  if (options.userId) headers['X-Chutes-UserID'] = options.userId;
  return headers;
}

export interface EpistulaOptions {
  /** The receiver's SS58 address; adds Epistula-Signed-For and the three secret signatures. */
  signedFor?: string;
  /** Unix time in milliseconds; defaults to now. */
  nowMs?: number;
  uuid?: string;
}

/**
 * The ten-second interval strings of Epistula v2. The reference implementation computes
 * `ceil(ms / 1e4) * 1e4` as a Python float, so the signed text reads e.g. "1716200009999.0".
 */
export function epistulaIntervals(timestampMs: number): [string, string, string] {
  const base = Math.ceil(timestampMs / 1e4) * 1e4;
  return [`${base - 1}.0`, `${base}.0`, `${base + 1}.0`];
}

/** Epistula v2 request headers (macrocosm-os/atom `Epistula.generate_header`). */
export function epistulaHeaders(hotkey: Hotkey, body: Uint8Array, options: EpistulaOptions = {}): Record<string, string> {
  const timestamp = String(Math.round(options.nowMs ?? Date.now()));
  const uuid = options.uuid ?? randomUUID();
  const signedFor = options.signedFor ?? '';
  const message = `${sha256Hex(body)}.${uuid}.${timestamp}.${signedFor}`;
  const headers: Record<string, string> = {
    'Epistula-Version': '2',
    'Epistula-Timestamp': timestamp,
    'Epistula-Uuid': uuid,
    'Epistula-Signed-By': hotkey.ss58,
    'Epistula-Request-Signature': `0x${hex(hotkey.sign(message))}`,
  };
  if (signedFor) {
    headers['Epistula-Signed-For'] = signedFor;
    epistulaIntervals(Number(timestamp)).forEach((interval, i) => {
      headers[`Epistula-Secret-Signature-${i}`] = `0x${hex(hotkey.sign(`${interval}.${signedFor}`))}`;
    });
  }
  return headers;
}

export interface GuideEpistulaOptions {
  /** Unix time in nanoseconds; defaults to now. */
  nowNs?: bigint;
  /** The guide's X-Epistula-Netuid header; not read by any known server. */
  netuid?: number;
}

/**
 * The seed integration guide's variant (NOT what Chutes uses, and not canonical Epistula):
 * X-Epistula-Timestamp in nanoseconds, X-Epistula-Signature as hex without 0x over
 * "{timestamp}.{sha256hex(body)}", X-Epistula-Hotkey.
 */
export function guideEpistulaHeaders(hotkey: Hotkey, body: Uint8Array, options: GuideEpistulaOptions = {}): Record<string, string> {
  const timestamp = String(options.nowNs ?? BigInt(Date.now()) * 1_000_000n);
  const headers: Record<string, string> = {
    'X-Epistula-Timestamp': timestamp,
    'X-Epistula-Signature': hex(hotkey.sign(`${timestamp}.${sha256Hex(body)}`)),
    'X-Epistula-Hotkey': hotkey.ss58,
  };
  if (options.netuid !== undefined) headers['X-Epistula-Netuid'] = String(options.netuid);
  return headers;
}
