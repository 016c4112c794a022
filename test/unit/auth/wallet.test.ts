import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultWalletsDir, hotkeyFilePath, listHotkeys, listWallets, parseHotkeyFile, readHotkeyFile, walletCredentials } from '../../../src/core/auth/wallet';

const wallets = path.join(__dirname, '../../fixtures/wallets');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'chutes-wallet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hotkey files', () => {
  it('reads a btwallet hotkey file, stripping 0x', async () => {
    const file = await readHotkeyFile(hotkeyFilePath(wallets, 'alice', 'default'));
    expect(file.ss58Address).toMatch(/^5[1-9A-HJ-NP-Za-km-z]{47}$/);
    expect(file.secretSeed).toMatch(/^[0-9a-f]{64}$/);
    expect(file.publicKey).toMatch(/^[0-9a-f]{64}$/);
    const credentials = await walletCredentials(file, 'u-1');
    expect(credentials).toEqual({ kind: 'hotkey', ss58: file.ss58Address, seedHex: file.secretSeed, userId: 'u-1' });
  });

  it('reads an old file with null fields', async () => {
    const file = await readHotkeyFile(hotkeyFilePath(wallets, 'alice', 'legacy'));
    expect(file.secretSeed).toMatch(/^[0-9a-f]{64}$/);
    expect((await walletCredentials(file)).userId).toBeUndefined();
  });

  it.each([
    ['nacl', 'encrypted-hotkey', /encrypted keyfile \(NaCl\)/],
    ['vault', 'encrypted-hotkey', /encrypted keyfile \(Ansible Vault\)/],
    ['broken', 'broken-file', /is not a JSON keyfile/],
  ])('explains %s', async (name, problem, message) => {
    await expect(readHotkeyFile(hotkeyFilePath(wallets, 'bob', name))).rejects.toMatchObject({ problem, message: expect.stringMatching(message) });
  });

  it('explains a missing file, a public-only file and a seed that is not the stated address', async () => {
    await expect(readHotkeyFile(hotkeyFilePath(wallets, 'alice', 'nope'))).rejects.toMatchObject({ problem: 'missing-file' });
    const publicOnly = await readHotkeyFile(hotkeyFilePath(wallets, 'bob', 'public-only'));
    await expect(walletCredentials(publicOnly)).rejects.toMatchObject({ problem: 'missing-key', message: expect.stringContaining('no secretSeed') });
    const mismatch = await readHotkeyFile(hotkeyFilePath(wallets, 'bob', 'mismatch'));
    await expect(walletCredentials(mismatch)).rejects.toMatchObject({ problem: 'ss58-mismatch' });
  });

  it('rejects content that is not a keyfile, never throwing anything else', () => {
    for (const content of ['', '[]', '{}', 'null', '"x"', '{"secretSeed": 5}', 'gAAAAABlegacy']) {
      expect(() => parseHotkeyFile(content, 'f')).toThrow(expect.objectContaining({ name: 'CredentialsError' }));
    }
    expect(() => parseHotkeyFile('{"secretSeed": "0x12", "ss58Address": "5F"}', 'f')).toThrow(expect.objectContaining({ problem: 'bad-seed' }));
  });
});

describe('listing wallets', () => {
  it('lists wallets with their hotkeys and coldkey address, skipping pub.txt companions', async () => {
    const entries = await listWallets(wallets);
    expect(entries.map((e) => e.name)).toEqual(['alice', 'bob']);
    expect(entries[0].hotkeys).toEqual(['default', 'legacy']);
    expect(entries[0].coldkeySs58).toMatch(/^5/);
    expect(entries[1].hotkeys).toEqual(['broken', 'mismatch', 'nacl', 'public-only', 'vault']);
    expect(entries[1].coldkeySs58).toBeUndefined();
  });

  it('gives nothing for a missing or empty directory and ignores wallets without keys', async () => {
    expect(await listWallets(path.join(tmp, 'none'))).toEqual([]);
    writeFileSync(path.join(tmp, 'stray-file'), 'x');
    expect(await listWallets(tmp)).toEqual([]);
    expect(await listHotkeys(tmp, 'ghost')).toEqual([]);
    expect(defaultWalletsDir('/home/a')).toBe('/home/a/.bittensor/wallets');
  });
});
