// Signatures per second: full X-Chutes-* headers (message, sha256 of the body, sr25519, hex)
// against the bare sr25519 signature of the same message by the very primitive our keyring uses
// (@polkadot/util-crypto's sr25519Sign), so the ratio is our own overhead.
import { sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';
import { chutesHeaders, chutesSigningMessage, hotkeyFromSeed, sha256Hex } from '../src/core/auth/signing';
import { compare, report } from './measure';

export async function benchSigning(): Promise<void> {
  const seed = sha256Hex('bench seed (not a credential)');
  const hotkey = await hotkeyFromSeed(seed);
  const pair = sr25519PairFromSeed(Buffer.from(seed, 'hex'));
  const body = new TextEncoder().encode(JSON.stringify({ name: 'bench', text: 'x'.repeat(1000) }));
  const count = 300;
  const message = new TextEncoder().encode(chutesSigningMessage(hotkey.ss58, '1716200000', { body }));
  const results = await compare(
    5,
    { name: 'bare sr25519 sign', run: () => { for (let i = 0; i < count; i++) sr25519Sign(message, pair); } },
    { name: 'chutesHeaders', run: () => { for (let i = 0; i < count; i++) chutesHeaders(hotkey, { body }); } },
  );
  report('Signed request headers', results, { amount: count, label: 'signatures' });
}
