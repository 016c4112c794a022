// Lazy entry point for the sr25519 keyring (bundled as dist/vendor/polkadot.js, loaded on the first
// hotkey signature).
export { Keyring } from '@polkadot/keyring';
export { decodeAddress } from '@polkadot/util-crypto';
