// sr25519 through @polkadot/wasm-crypto (Rust schnorrkel compiled to wasm). Clients sign with
// @polkadot/keyring (@scure/sr25519), so verifying with schnorrkel is an independent check.
import { waitReady, sr25519Verify, sr25519KeypairFromSeed } from '@polkadot/wasm-crypto';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';

let ready: Promise<boolean> | undefined;
export const cryptoReady = (): Promise<boolean> => (ready ??= waitReady());

/** Public key of an SS58 address, or undefined when it does not decode. */
export function ss58PublicKey(address: string): Uint8Array | undefined {
  try {
    return decodeAddress(address);
  } catch {
    return undefined;
  }
}

/** Like btwallet's Keypair.verify: the raw message, or the same message wrapped in <Bytes>...</Bytes>. */
export function verifySr25519(signature: Uint8Array, message: string, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const raw = Buffer.from(message, 'utf8');
  if (sr25519Verify(signature, raw, publicKey)) return true;
  return sr25519Verify(signature, Buffer.from(`<Bytes>${message}</Bytes>`, 'utf8'), publicKey);
}

/** SS58 (prefix 42) address of the keypair a 32-byte seed expands to, as Keypair.create_from_seed does. */
export function ss58FromSeed(seedHex: string): string {
  const pair = sr25519KeypairFromSeed(Buffer.from(seedHex, 'hex'));
  return encodeAddress(pair.slice(64), 42);
}
