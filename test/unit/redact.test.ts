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
