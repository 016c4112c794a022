// Our signatures checked by the very library the Chutes server verifies with:
// bittensor_wallet.Keypair(ss58_address=...).verify(message, bytes.fromhex(sig)) (docs/platform.md §1.2).
// Runs the venv of scripts/setup.mjs; skipped, with the reason in the suite name, when
// bittensor_wallet is not there (a failure under CI=true: the harness counts set-up skips as failed).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingPython, venvBin } from '../../support/python';
import { chutesHeaders, chutesSigningMessage, epistulaHeaders, epistulaIntervals, guideEpistulaHeaders, hotkeyFromSeed, sha256Hex } from '../../../src/core/auth/signing';

const missing = missingPython('bittensor_wallet');
const title = missing ? `bittensor_wallet verification (skipped: ${missing})` : 'bittensor_wallet verification';

const VERIFY = `
import json, sys
from math import ceil
from bittensor_wallet import Keypair
request = json.load(sys.stdin)
out = {"verified": [], "derived": [], "intervals": []}
for case in request["cases"]:
    out["verified"].append(Keypair(ss58_address=case["ss58"]).verify(case["message"], bytes.fromhex(case["signature"])))
for seed in request["seeds"]:
    out["derived"].append(Keypair.create_from_seed(seed).ss58_address)
for ts in request["timestamps"]:
    base = ceil(ts / 1e4) * 1e4
    out["intervals"].append([str(base - 1), str(base), str(base + 1)])
print(json.dumps(out))
`;

interface Case {
  ss58: string;
  message: string;
  signature: string;
}

function runPython(request: { cases: Case[]; seeds: string[]; timestamps: number[] }) {
  const result = spawnSync(venvBin('python'), ['-c', VERIFY], { input: JSON.stringify(request), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { verified: boolean[]; derived: string[]; intervals: string[][] };
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/wallets', name), 'utf8')) as { secretSeed: string; ss58Address: string };

describe.skipIf(missing)(title, () => {
  it('verifies Chutes and Epistula signatures, derives the same address, and agrees on interval text', async () => {
    const alice = fixture('alice/hotkeys/default');
    const receiver = fixture('alice/hotkeys/legacy');
    const hotkey = await hotkeyFromSeed(alice.secretSeed);
    const body = Buffer.from('{"name":"my-echo","code":"print(\\"é\\")"}');
    const cases: Case[] = [];
    const expected: boolean[] = [];
    const add = (message: string, signature: string, valid = true) => {
      cases.push({ ss58: hotkey.ss58, message, signature: signature.replace(/^0x/, '') });
      expected.push(valid);
    };

    const purpose = chutesHeaders(hotkey, { purpose: 'chutes' }, { nonce: 1716200000 });
    add(`${hotkey.ss58}:1716200000:chutes`, purpose['X-Chutes-Signature']);
    add(`${hotkey.ss58}:1716200001:chutes`, purpose['X-Chutes-Signature'], false);
    const write = chutesHeaders(hotkey, { body });
    add(chutesSigningMessage(hotkey.ss58, write['X-Chutes-Nonce'], { body }), write['X-Chutes-Signature']);

    const nowMs = 1716200000001;
    const epistula = epistulaHeaders(hotkey, body, { nowMs, uuid: 'u', signedFor: receiver.ss58Address });
    const bodyHash = sha256Hex(body);
    add(`${bodyHash}.u.${nowMs}.${receiver.ss58Address}`, epistula['Epistula-Request-Signature']);
    epistulaIntervals(nowMs).forEach((interval, i) => add(`${interval}.${receiver.ss58Address}`, epistula[`Epistula-Secret-Signature-${i}`]));

    const guide = guideEpistulaHeaders(hotkey, body, { nowNs: 1716200000000000001n });
    add(`1716200000000000001.${bodyHash}`, guide['X-Epistula-Signature']);

    const result = runPython({ cases, seeds: [alice.secretSeed.slice(2), receiver.secretSeed.slice(2)], timestamps: [nowMs, 1716200010000] });
    expect(result.verified).toEqual(expected);
    expect(result.derived).toEqual([alice.ss58Address, receiver.ss58Address]);
    expect(result.intervals).toEqual([epistulaIntervals(nowMs), epistulaIntervals(1716200010000)]);
  });
});
