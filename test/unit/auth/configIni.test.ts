import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_API_BASE_URL,
  chutesBaseUrl,
  chutesConfigPath,
  configCredentials,
  hotkeyConfig,
  loadChutesConfig,
  parseIni,
  readConfigIni,
} from '../../../src/core/auth/configIni';

const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-ini-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wallet = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/wallets', name), 'utf8')) as { secretSeed: string; ss58Address: string };
const alice = wallet('alice/hotkeys/default');
const legacy = wallet('alice/hotkeys/legacy');

function ini(auth: Record<string, string>, extra = ''): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.ini`);
  writeFileSync(file, `${extra}[auth]\n${Object.entries(auth).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
  return file;
}

const goodAuth = {
  username: 'alice',
  user_id: '3f0c2a8e-1d7b-5c1e-9a51-0b8f6a1d2e33',
  hotkey_seed: alice.secretSeed.slice(2),
  hotkey_name: 'default',
  hotkey_ss58address: alice.ss58Address,
};

describe('parseIni', () => {
  it('reads comments, whitespace, CRLF, ":" separators, continuations; a duplicate key keeps its last value', () => {
    const doc = parseIni(
      '\uFEFFstray = before any section\r\n; comment\r\n# another\r\n[api]\r\n  base_url =  http://a  \r\nBase_URL: http://b\r\n\r\n[ auth ]\nnotes = one\n  two\njunk line\n[payment]\raddress = 5H\r',
    );
    expect(doc.get('api')?.get('base_url')).toBe('http://b');
    expect(doc.get('auth')?.get('notes')).toBe('one\ntwo');
    expect(doc.get('auth')?.has('junk line')).toBe(false);
    expect(doc.get('payment')?.get('address')).toBe('5H');
    expect([...doc.keys()]).toEqual(['api', 'auth', 'payment']);
  });

  it('never throws on garbage', () => {
    for (const text of ['', '[', '[]', '=', '\0\0', '[a]\n=b\n:c', 'x'.repeat(10_000)]) expect(() => parseIni(text)).not.toThrow();
  });
});

describe('paths and base URL', () => {
  const home = '/home/alice';
  it('takes the setting, then CHUTES_CONFIG_PATH, then ~/.chutes/config.ini', () => {
    expect(chutesConfigPath('~/cfg/chutes.ini', { env: { CHUTES_CONFIG_PATH: '/env.ini' }, homeDir: home })).toBe('/home/alice/cfg/chutes.ini');
    expect(chutesConfigPath(' ', { env: { CHUTES_CONFIG_PATH: '/env.ini' }, homeDir: home })).toBe('/env.ini');
    expect(chutesConfigPath(undefined, { env: {}, homeDir: home })).toBe('/home/alice/.chutes/config.ini');
  });

  it('takes [api] base_url, then CHUTES_API_URL, then the default', () => {
    const withUrl = parseIni('[api]\nbase_url = http://127.0.0.1:8787\n');
    expect(chutesBaseUrl(withUrl, { CHUTES_API_URL: 'http://env' })).toEqual({ url: 'http://127.0.0.1:8787', source: 'config' });
    expect(chutesBaseUrl(parseIni('[auth]\n'), { CHUTES_API_URL: 'http://env' })).toEqual({ url: 'http://env', source: 'env' });
    expect(chutesBaseUrl(undefined, {})).toEqual({ url: DEFAULT_API_BASE_URL, source: 'default' });
  });
});

describe('loadChutesConfig', () => {
  it('reads the [auth] keys and normalises the seed', async () => {
    const file = ini({ ...goodAuth, hotkey_seed: alice.secretSeed.toUpperCase().replace('0X', '0x') }, '[api]\nbase_url = https://api.chutes.ai\n\n');
    const config = await loadChutesConfig(file, { env: {} });
    expect(config).toEqual({
      path: file,
      username: 'alice',
      userId: goodAuth.user_id,
      hotkeyName: 'default',
      hotkeySs58: alice.ss58Address,
      hotkeySeed: alice.secretSeed.slice(2),
    });
    expect(await configCredentials(config)).toEqual({ kind: 'hotkey', ss58: alice.ss58Address, seedHex: alice.secretSeed.slice(2), userId: goodAuth.user_id });
  });

  it('uses CHUTES_CONFIG_PATH when no setting is given', async () => {
    const file = ini(goodAuth);
    expect((await loadChutesConfig(undefined, { env: { CHUTES_CONFIG_PATH: file } })).path).toBe(file);
  });

  it('explains a missing file, section or keys, and a malformed seed', async () => {
    const missing = path.join(dir, 'nope.ini');
    await expect(loadChutesConfig(missing, { env: {} })).rejects.toMatchObject({ problem: 'missing-file', message: expect.stringContaining('chutes register') });
    expect(await readConfigIni(missing)).toBeUndefined();
    const noAuth = path.join(dir, 'noauth.ini');
    writeFileSync(noAuth, '[api]\nbase_url = x\n');
    await expect(loadChutesConfig(noAuth, { env: {} })).rejects.toMatchObject({ problem: 'missing-section' });
    const { hotkey_seed: _seed, user_id: _id, ...partial } = goodAuth;
    await expect(loadChutesConfig(ini(partial), { env: {} })).rejects.toThrow(/lacks user_id, hotkey_seed\.$/);
    const bad = ini({ ...goodAuth, hotkey_seed: 'abc123' });
    const error = await loadChutesConfig(bad, { env: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: 'bad-seed' });
    expect((error as Error).message).toBe(`hotkey_seed in ${bad} is not a valid 32-byte seed (expected 64 hex characters, got 6).`);
  });

  it('reports a directory in place of the file as unreadable', async () => {
    await expect(readConfigIni(dir)).rejects.toMatchObject({ problem: 'unreadable-file' });
  });

  it('says so when the seed is not the hotkey the file names', async () => {
    const config = hotkeyConfig(parseIni(`[auth]\n${Object.entries({ ...goodAuth, hotkey_ss58address: legacy.ss58Address }).map(([k, v]) => `${k}=${v}`).join('\n')}`), 'cfg.ini');
    await expect(configCredentials(config)).rejects.toMatchObject({ problem: 'ss58-mismatch', message: expect.stringContaining(legacy.ss58Address) });
  });
});
