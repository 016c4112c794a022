// Bittensor wallet files (docs/platform.md §1.4): ~/.bittensor/wallets/<wallet>/hotkeys/<hotkey> is a plain
// JSON keyfile; coldkeypub.txt holds the public coldkey. Like the Chutes CLI we read only
// unencrypted hotkeys; btwallet's encrypted keyfiles start with "$NACL", "$ANSIBLE_VAULT" or
// "gAAAAA" (legacy Fernet) (btwallet keyfile_data_is_encrypted_*).
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CredentialsError, type Credentials } from './credentials';
import { assertHotkeyAddress, hotkeyFromSeed, normalizeSeedHex } from './signing';

export function defaultWalletsDir(homeDir = os.homedir()): string {
  return path.join(homeDir, '.bittensor', 'wallets');
}

export interface HotkeyFile {
  path: string;
  /** As written in the file; absent in files that lack it. */
  ss58Address?: string;
  /** 64 lower-case hex characters without 0x; absent in public-only keyfiles. */
  secretSeed?: string;
  /** 64 lower-case hex characters without 0x. */
  publicKey?: string;
}

const ENCRYPTION_MARKERS: Array<[string, string]> = [
  ['$NACL', 'NaCl'],
  ['$ANSIBLE_VAULT', 'Ansible Vault'],
  ['gAAAAA', 'legacy (Fernet)'],
];

/** Parses a keyfile's content; throws a CredentialsError for encrypted, broken or non-keyfile content. */
export function parseHotkeyFile(content: string, file: string): HotkeyFile {
  const text = content.replace(/^\uFEFF/, '').trim();
  const encryption = ENCRYPTION_MARKERS.find(([marker]) => text.startsWith(marker));
  if (encryption) {
    throw new CredentialsError(
      'encrypted-hotkey',
      `${file} is an encrypted keyfile (${encryption[1]}). Chutes, like its CLI, signs with an unencrypted hotkey: ` +
        'regenerate the hotkey without a password (btcli wallet regen-hotkey) or use an API key instead.',
      file,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CredentialsError('broken-file', `${file} is not a JSON keyfile${text ? '' : ' (it is empty)'}.`, file);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new CredentialsError('broken-file', `${file} is not a keyfile: expected a JSON object.`, file);
  }
  const fields = json as Record<string, unknown>;
  const result: HotkeyFile = { path: file };
  const ss58 = stringField(fields, 'ss58Address');
  if (ss58) result.ss58Address = ss58;
  const seed = stringField(fields, 'secretSeed');
  if (seed) result.secretSeed = normalizeSeedHex(seed, `secretSeed in ${file}`);
  const publicKey = stringField(fields, 'publicKey') ?? stringField(fields, 'accountId');
  if (publicKey) result.publicKey = publicKey.replace(/^0x/i, '').toLowerCase();
  if (!result.ss58Address && !result.secretSeed) {
    throw new CredentialsError('broken-file', `${file} has neither ss58Address nor secretSeed: it is not a Bittensor keyfile.`, file);
  }
  return result;
}

/** A string field; null (older bittensor) and other types count as absent. */
function stringField(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export async function readHotkeyFile(file: string): Promise<HotkeyFile> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CredentialsError('missing-file', `No hotkey file at ${file}.`, file);
    throw new CredentialsError('unreadable-file', `Cannot read ${file}: ${code ?? String(error)}.`, file);
  }
  return parseHotkeyFile(content, file);
}

export function hotkeyFilePath(walletsDir: string, wallet: string, hotkey: string): string {
  return path.join(walletsDir, wallet, 'hotkeys', hotkey);
}

/** Hotkey credentials from a keyfile, after checking its seed against its stated address. */
export async function walletCredentials(file: HotkeyFile, userId?: string): Promise<Extract<Credentials, { kind: 'hotkey' }>> {
  if (!file.secretSeed) {
    throw new CredentialsError('missing-key', `${file.path} has no secretSeed (a public-only keyfile?), so it cannot sign.`, file.path);
  }
  const hotkey = await hotkeyFromSeed(file.secretSeed);
  if (file.ss58Address) await assertHotkeyAddress(hotkey, file.ss58Address, file.path);
  const credentials: Extract<Credentials, { kind: 'hotkey' }> = { kind: 'hotkey', ss58: hotkey.ss58, seedHex: file.secretSeed };
  if (userId) credentials.userId = userId;
  return credentials;
}

export interface WalletEntry {
  name: string;
  /** From coldkeypub.txt, when readable. */
  coldkeySs58?: string;
  hotkeys: string[];
}

/** Wallets in a wallets directory, each with its hotkey names; an absent directory gives []. */
export async function listWallets(walletsDir: string): Promise<WalletEntry[]> {
  const wallets = await directoryNames(walletsDir);
  const entries = await Promise.all(
    wallets.map(async (name): Promise<WalletEntry> => {
      const entry: WalletEntry = { name, hotkeys: await listHotkeys(walletsDir, name) };
      const coldkeySs58 = await readColdkeyAddress(path.join(walletsDir, name, 'coldkeypub.txt'));
      if (coldkeySs58) entry.coldkeySs58 = coldkeySs58;
      return entry;
    }),
  );
  return entries.filter((entry) => entry.hotkeys.length || entry.coldkeySs58);
}

/** Hotkey names of a wallet; newer btwallet's `<name>pub.txt` companions are not hotkeys. */
export async function listHotkeys(walletsDir: string, wallet: string): Promise<string[]> {
  const dir = path.join(walletsDir, wallet, 'hotkeys');
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return dirents
    .filter((d) => d.isFile() && !d.name.startsWith('.') && !d.name.endsWith('pub.txt'))
    .map((d) => d.name)
    .sort();
}

async function directoryNames(dir: string): Promise<string[]> {
  try {
    const dirents = await readdir(dir, { withFileTypes: true });
    return dirents.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

async function readColdkeyAddress(file: string): Promise<string | undefined> {
  try {
    const json: unknown = JSON.parse(await readFile(file, 'utf8'));
    const ss58 = json && typeof json === 'object' ? (json as Record<string, unknown>).ss58Address : undefined;
    return typeof ss58 === 'string' ? ss58 : undefined;
  } catch {
    return undefined;
  }
}
