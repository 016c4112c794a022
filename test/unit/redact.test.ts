import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact';
import { apiKeyProblem } from '../../src/core/auth/apiKey';

const KEY = 'cpk_1b4e28ba2fa111d2883f0016d3cca427.3f0c2a8e1d7b5c1e9a510b8f6a1d2e33.Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';

describe('redact', () => {
  it('hides API keys wherever they appear', () => {
    expect(redact(`key=${KEY} end`)).toBe('key=cpk_<redacted> end');
    expect(redact(`Authorization: Bearer ${KEY}`)).not.toContain('1b4e28ba');
    expect(redact('Authorization: Basic abcdefghijklmnop')).toBe('Authorization: Basic <redacted>');
  });

  it('hides hotkey seeds in ini, JSON and mnemonic form', () => {
    const seed = 'a'.repeat(64);
    expect(redact(`hotkey_seed = ${seed}`)).toBe('hotkey_seed = <redacted>');
    expect(redact(`{"secretSeed":"0x${seed}","ss58Address":"5F"}`)).toBe('{"secretSeed":"<redacted>","ss58Address":"5F"}');
    expect(redact('"secretPhrase": "word one two three"')).toBe('"secretPhrase": "<redacted>"');
  });

  it('is case-insensitive and sees URL-encoded keys and bearer tokens', () => {
    const secret = KEY.slice(4);
    for (const text of [
      `key=${KEY.toUpperCase()}`,
      `GET /x?token=cpk%5F${secret}&a=1`,
      `GET /x?token=CPK%5f${secret}`,
      `authorization=Bearer%20${secret}`,
      `authorization: bearer ${secret}`,
      `Authorization=BEARER+${secret}`,
    ]) {
      const out = redact(text);
      expect(out, text).not.toMatch(/1b4e28ba|1B4E28BA/);
      expect(out, text).toContain('<redacted>');
    }
  });

  it('hides a 64-hex seed or private key named in prose', () => {
    const seed = '9f'.repeat(32);
    for (const text of [
      `Seed: 0x${seed}`,
      `your private key is ${seed.toUpperCase()}.`,
      `PRIVATE_KEY=${seed}`,
      `secret-key -> '${seed}'`,
      `the hotkey seed was "${seed}"`,
    ]) {
      expect(redact(text), text).not.toMatch(/9f9f9f|9F9F9F/);
    }
    // A 64-hex value that is not called a seed or key (a hash, a nonce) stays readable.
    expect(redact(`sha256 ${seed}`)).toBe(`sha256 ${seed}`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'GET /chutes/?limit=25 -> 200 in 12 ms (hotkey 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty)';
    expect(redact(text)).toBe(text);
  });
});

describe('apiKeyProblem', () => {
  it('accepts the real format and OAuth tokens', () => {
    expect(apiKeyProblem(KEY)).toBeUndefined();
    expect(apiKeyProblem(`  ${KEY}\n`)).toBeUndefined();
    expect(apiKeyProblem('cak_anything')).toBeUndefined();
  });

  it('explains what is wrong', () => {
    expect(apiKeyProblem('')).toBe('Enter an API key.');
    expect(apiKeyProblem('sk-123')).toMatch(/start with "cpk_"/);
    expect(apiKeyProblem(KEY.slice(0, -1))).toMatch(/got 101 characters/);
    expect(apiKeyProblem(KEY.replace('1b4e', 'XB4E'))).toMatch(/Not a Chutes API key/);
  });
});
