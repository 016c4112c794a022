// ~/.chutes/config.ini, as the Chutes CLI writes and reads it (docs/platform.md §1.1).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CredentialsError, type Credentials } from './credentials';
import { assertHotkeyAddress, hotkeyFromSeed, normalizeSeedHex } from './signing';

export const DEFAULT_API_BASE_URL = 'https://api.chutes.ai';

/** Section name → key → value. Keys are lower-cased, as Python's configparser does. */
export type IniDocument = Map<string, Map<string, string>>;

/**
 * A tolerant INI parser: `;` and `#` comment lines, `key = value` or `key: value`, indented
 * continuation lines, any line ending, a duplicate key keeps its last value. Lines it cannot place
 * (text before the first section, lines without `=`/`:`) are skipped. Never throws.
 */
export function parseIni(text: string): IniDocument {
  const doc: IniDocument = new Map();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith(';') || trimmed.startsWith('#')) {
      if (!trimmed) lastKey = undefined;
      continue;
    }
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1].trim();
      section = doc.get(name) ?? new Map();
      doc.set(name, section);
      lastKey = undefined;
      continue;
    }
    if (!section) continue;
    if (/^\s/.test(raw) && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey)}\n${trimmed}`);
      continue;
    }
    const separator = trimmed.search(/[=:]/);
    if (separator <= 0) continue;
    lastKey = trimmed.slice(0, separator).trim().toLowerCase();
    section.set(lastKey, trimmed.slice(separator + 1).trim());
  }
  return doc;
}

export interface ConfigEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
}

/** Where the config lives: the explicit setting, else CHUTES_CONFIG_PATH, else ~/.chutes/config.ini. */
export function chutesConfigPath(setting: string | undefined, { env, homeDir = os.homedir() }: ConfigEnvironment): string {
  const chosen = setting?.trim() || env.CHUTES_CONFIG_PATH?.trim();
  if (!chosen) return path.join(homeDir, '.chutes', 'config.ini');
  return chosen === '~' || chosen.startsWith('~/') ? path.join(homeDir, chosen.slice(1)) : chosen;
}

export type BaseUrlSource = 'config' | 'env' | 'default';

/** [api] base_url, else CHUTES_API_URL, else https://api.chutes.ai (the SDK's order). */
export function chutesBaseUrl(ini: IniDocument | undefined, env: ConfigEnvironment['env']): { url: string; source: BaseUrlSource } {
  const fromFile = ini?.get('api')?.get('base_url');
  if (fromFile) return { url: fromFile, source: 'config' };
  const fromEnv = env.CHUTES_API_URL?.trim();
  if (fromEnv) return { url: fromEnv, source: 'env' };
  return { url: DEFAULT_API_BASE_URL, source: 'default' };
}

/** Reads and parses the file; undefined when it does not exist. */
export async function readConfigIni(file: string): Promise<IniDocument | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CredentialsError('unreadable-file', `Cannot read ${file}: ${code ?? String(error)}.`, file);
  }
  return parseIni(text);
}

export interface ChutesHotkeyConfig {
  path: string;
  username: string;
  userId: string;
  hotkeyName: string;
  hotkeySs58: string;
  /** 64 lower-case hex characters, no 0x. */
  hotkeySeed: string;
}

const AUTH_KEYS = ['user_id', 'username', 'hotkey_seed', 'hotkey_name', 'hotkey_ss58address'] as const;

/** The [auth] section the SDK's get_config() requires, checked the same way, with clear errors. */
export function hotkeyConfig(ini: IniDocument, file: string): ChutesHotkeyConfig {
  const auth = ini.get('auth');
  if (!auth) {
    throw new CredentialsError('missing-section', `${file} has no [auth] section. Run \`chutes register\` to create it.`, file);
  }
  const missing = AUTH_KEYS.filter((key) => !auth.get(key));
  if (missing.length) {
    throw new CredentialsError('missing-key', `The [auth] section of ${file} lacks ${missing.join(', ')}.`, file);
  }
  const value = (key: (typeof AUTH_KEYS)[number]) => auth.get(key) as string;
  return {
    path: file,
    username: value('username'),
    userId: value('user_id'),
    hotkeyName: value('hotkey_name'),
    hotkeySs58: value('hotkey_ss58address'),
    hotkeySeed: normalizeSeedHex(value('hotkey_seed'), `hotkey_seed in ${file}`),
  };
}

/** Path precedence, then the file, then its [auth] section. */
export async function loadChutesConfig(setting: string | undefined, environment: ConfigEnvironment): Promise<ChutesHotkeyConfig> {
  const file = chutesConfigPath(setting, environment);
  const ini = await readConfigIni(file);
  if (!ini) {
    throw new CredentialsError(
      'missing-file',
      `No Chutes config at ${file}. Run \`chutes register\` to create one, or point the Chutes config path setting (or CHUTES_CONFIG_PATH) at yours.`,
      file,
    );
  }
  return hotkeyConfig(ini, file);
}

/** Hotkey credentials from the config, after checking that the seed really is the named hotkey. */
export async function configCredentials(config: ChutesHotkeyConfig): Promise<Extract<Credentials, { kind: 'hotkey' }>> {
  const hotkey = await hotkeyFromSeed(config.hotkeySeed);
  await assertHotkeyAddress(hotkey, config.hotkeySs58, config.path);
  return { kind: 'hotkey', ss58: hotkey.ss58, seedHex: config.hotkeySeed, userId: config.userId };
}
