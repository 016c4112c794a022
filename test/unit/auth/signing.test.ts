// Our sr25519 signatures (made by @polkadot/keyring, i.e. @scure/sr25519) verified by a different
// implementation: Rust schnorrkel compiled to wasm (@polkadot/wasm-crypto).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAddress } from '@polkadot/util-crypto';
import { sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CredentialsError } from '../../../src/core/auth/credentials';
import {
  assertHotkeyAddress,
  chutesHeaders,
  chutesSigningMessage,
  epistulaHeaders,
  epistulaIntervals,
  guideEpistulaHeaders,
  hotkeyFromSeed,
  normalizeSeedHex,
} from '../../../src/core/auth/signing';

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/wallets', name), 'utf8')) as { secretSeed: string; ss58Address: string };
const alice = fixture('alice/hotkeys/default');
const other = fixture('alice/hotkeys/legacy');
const body = Buffer.from(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'héllo' }] }));
const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function verify(signatureHex: string, message: string, ss58: string): boolean {
  return sr25519Verify(Buffer.from(signatureHex, 'hex'), Buffer.from(message), decodeAddress(ss58));
}

beforeAll(() => waitReady());

describe('hotkeyFromSeed', () => {
  it('derives the address btwallet wrote for the seed, with or without 0x', async () => {
    expect((await hotkeyFromSeed(alice.secretSeed)).ss58).toBe(alice.ss58Address);
    expect((await hotkeyFromSeed(alice.secretSeed.slice(2).toUpperCase())).ss58).toBe(alice.ss58Address);
    expect((await hotkeyFromSeed(other.secretSeed)).ss58).toBe(other.ss58Address);
  });

  it('rejects seeds that are not 32 bytes of hex, without echoing them', () => {
    for (const bad of ['', 'abc', `${'a'.repeat(63)}g`, 'a'.repeat(66)]) {
      expect(() => normalizeSeedHex(bad)).toThrow(CredentialsError);
    }
    const secretish = `${'5e'.repeat(31)}zz`;
    expect(() => normalizeSeedHex(secretish)).toThrow(expect.objectContaining({ problem: 'bad-seed', message: expect.not.stringContaining('5e5e') }));
    expect(() => normalizeSeedHex('a'.repeat(62))).toThrow('the hotkey seed is not a valid 32-byte seed (expected 64 hex characters, got 62).');
  });
});

describe('Chutes headers', () => {
  it('sign "{ss58}:{nonce}:{purpose}" as lower-case hex without 0x', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const headers = chutesHeaders(hotkey, { purpose: 'chutes' }, { nonce: 1716200000, userId: 'u-1' });
    expect(headers['X-Chutes-Hotkey']).toBe(alice.ss58Address);
    expect(headers['X-Chutes-Nonce']).toBe('1716200000');
    expect(headers['X-Chutes-UserID']).toBe('u-1');
    expect(headers['X-Chutes-Signature']).toMatch(/^[0-9a-f]{128}$/);
    expect(verify(headers['X-Chutes-Signature'], `${alice.ss58Address}:1716200000:chutes`, alice.ss58Address)).toBe(true);
    expect(verify(headers['X-Chutes-Signature'], `${alice.ss58Address}:1716200000:images`, alice.ss58Address)).toBe(false);
  });

  it('sign the SHA-256 of the exact body bytes for writes, with a current nonce by default', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const headers = chutesHeaders(hotkey, { body });
    expect(headers['X-Chutes-UserID']).toBeUndefined();
    expect(Math.abs(Number(headers['X-Chutes-Nonce']) - Date.now() / 1000)).toBeLessThan(5);
    const message = chutesSigningMessage(alice.ss58Address, headers['X-Chutes-Nonce'], { body });
    expect(message).toBe(`${alice.ss58Address}:${headers['X-Chutes-Nonce']}:${sha(body)}`);
    expect(verify(headers['X-Chutes-Signature'], message, alice.ss58Address)).toBe(true);
    expect(verify(headers['X-Chutes-Signature'], message, other.ss58Address)).toBe(false);
  });

  it('are randomised: two signatures differ and both verify', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const a = chutesHeaders(hotkey, { purpose: 'me' }, { nonce: 1 })['X-Chutes-Signature'];
    const b = chutesHeaders(hotkey, { purpose: 'me' }, { nonce: 1 })['X-Chutes-Signature'];
    expect(a).not.toBe(b);
    for (const s of [a, b]) expect(verify(s, `${alice.ss58Address}:1:me`, alice.ss58Address)).toBe(true);
  });
});

describe('Epistula v2', () => {
  const uuid = '6f1c1f5e-4a57-4c53-9d0e-2b0f0d3e9a11';
  const nowMs = 1716200000001;

  it('computes the interval strings as the reference Python does (float text)', () => {
    expect(epistulaIntervals(nowMs)).toEqual(['1716200009999.0', '1716200010000.0', '1716200010001.0']);
    expect(epistulaIntervals(1716200010000)).toEqual(['1716200009999.0', '1716200010000.0', '1716200010001.0']);
  });

  it('signs "{sha256(body)}.{uuid}.{timestamp}." without a receiver', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const headers = epistulaHeaders(hotkey, body, { nowMs, uuid });
    expect(headers).toMatchObject({ 'Epistula-Version': '2', 'Epistula-Timestamp': String(nowMs), 'Epistula-Uuid': uuid, 'Epistula-Signed-By': alice.ss58Address });
    expect(headers['Epistula-Signed-For']).toBeUndefined();
    const signature = headers['Epistula-Request-Signature'];
    expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
    expect(verify(signature.slice(2), `${sha(body)}.${uuid}.${nowMs}.`, alice.ss58Address)).toBe(true);
  });

  it('adds the receiver and the three interval signatures with signed_for', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const headers = epistulaHeaders(hotkey, body, { nowMs, uuid, signedFor: other.ss58Address });
    expect(headers['Epistula-Signed-For']).toBe(other.ss58Address);
    expect(verify(headers['Epistula-Request-Signature'].slice(2), `${sha(body)}.${uuid}.${nowMs}.${other.ss58Address}`, alice.ss58Address)).toBe(true);
    epistulaIntervals(nowMs).forEach((interval, i) => {
      const secret = headers[`Epistula-Secret-Signature-${i}`];
      expect(secret).toMatch(/^0x[0-9a-f]{128}$/);
      expect(verify(secret.slice(2), `${interval}.${other.ss58Address}`, alice.ss58Address)).toBe(true);
    });
  });

  it('defaults to a fresh uuid4 and the current time in ms', async () => {
    const headers = epistulaHeaders(await hotkeyFromSeed(alice.secretSeed), body);
    expect(headers['Epistula-Uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(Number(headers['Epistula-Timestamp']) - Date.now())).toBeLessThan(5000);
  });
});

describe("the seed guide's X-Epistula variant", () => {
  it('signs "{timestamp_ns}.{sha256(body)}" as hex without 0x', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const headers = guideEpistulaHeaders(hotkey, body, { nowNs: 1716200000123456789n, netuid: 64 });
    expect(headers['X-Epistula-Timestamp']).toBe('1716200000123456789');
    expect(headers['X-Epistula-Hotkey']).toBe(alice.ss58Address);
    expect(headers['X-Epistula-Netuid']).toBe('64');
    expect(headers['X-Epistula-Signature']).toMatch(/^[0-9a-f]{128}$/);
    expect(verify(headers['X-Epistula-Signature'], `1716200000123456789.${sha(body)}`, alice.ss58Address)).toBe(true);
  });

  it('uses nanoseconds by default', async () => {
    const headers = guideEpistulaHeaders(await hotkeyFromSeed(alice.secretSeed), body);
    expect(headers['X-Epistula-Timestamp']).toMatch(/^\d{19}$/);
    expect(headers['X-Epistula-Netuid']).toBeUndefined();
  });
});

describe('assertHotkeyAddress', () => {
  it('accepts the matching address and explains a mismatch or a bad address', async () => {
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    await expect(assertHotkeyAddress(hotkey, ` ${alice.ss58Address} `, 'config.ini')).resolves.toBeUndefined();
    const mismatch = await assertHotkeyAddress(hotkey, other.ss58Address, 'config.ini').catch((e: unknown) => e);
    expect(mismatch).toMatchObject({ problem: 'ss58-mismatch' });
    expect((mismatch as Error).message).toContain(`belongs to ${alice.ss58Address}, but the file names ${other.ss58Address}`);
    await expect(assertHotkeyAddress(hotkey, '5NotAnAddress', 'config.ini')).rejects.toMatchObject({ problem: 'bad-address' });
  });
});
