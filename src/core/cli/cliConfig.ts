// Which credentials and platform the chutes CLI gets (docs/cli.md "Credentials").
//
// The CLI signs every request with the hotkey in its config.ini; an API key is of no use to it.
// So it reads the user's own config file, the one the extension reads (chutes.configPath, else
// CHUTES_CONFIG_PATH, else ~/.chutes/config.ini), and nothing secret is written anywhere:
// - the platform comes from CHUTES_API_URL, which the SDK honours only when the file has no
//   `[api] base_url` (docs/platform.md §1.1);
// - when the file names another platform, the CLI reads the same text minus that one line from a
//   named pipe (process.ts): the seed goes from our memory to the CLI's, never to disk. Windows
//   has no mkfifo, so there the user is told to remove the line instead.
import { hotkeyConfig, parseIni } from '../auth/configIni';

export class CliConfigError extends Error {}

export interface CliConfigPlan {
  /** CHUTES_CONFIG_PATH is absent when the config comes through the pipe (runCli sets it). */
  env: { CHUTES_CONFIG_PATH?: string; CHUTES_API_URL: string };
  /** The config text to hand over through a named pipe, when the file itself does not do. */
  pipe?: string;
}

export interface CliConfigInput {
  /** The user's config.ini path, and its text (undefined when there is no such file). */
  file: string;
  text: string | undefined;
  /** The API the extension talks to, as the CLI must reach it. */
  apiUrl: string;
  platform: NodeJS.Platform;
}

export function planCliConfig({ file, text, apiUrl, platform }: CliConfigInput): CliConfigPlan {
  const why = 'the chutes CLI signs every request with the hotkey in config.ini (an API key cannot be used by the CLI)';
  if (text === undefined) {
    throw new CliConfigError(`No Chutes config at ${file}: ${why}. Run \`chutes register\`, or point the chutes.configPath setting at your config.`);
  }
  const ini = parseIni(text);
  try {
    hotkeyConfig(ini, file);
  } catch (error) {
    throw new CliConfigError(`${(error as Error).message} (${why})`);
  }
  const fileUrl = ini.get('api')?.get('base_url');
  if (!fileUrl || sameUrl(fileUrl, apiUrl)) return { env: { CHUTES_CONFIG_PATH: file, CHUTES_API_URL: apiUrl } };
  if (platform === 'win32') {
    throw new CliConfigError(
      `${file} sets [api] base_url = ${fileUrl}, which the chutes CLI prefers to ${apiUrl}, the platform this extension uses. Remove that line (the extension passes the address in CHUTES_API_URL), or make them the same.`,
    );
  }
  return { env: { CHUTES_API_URL: apiUrl }, pipe: withoutBaseUrl(text) };
}

/** The address the CLI must use: the connect-to host when set (the CLI cannot keep a Host header), else the API base URL. */
export function cliApiUrl(apiBaseUrl: string, connectTo: string): string {
  const to = connectTo.trim();
  if (!to) return apiBaseUrl.replace(/\/+$/, '');
  return /^https?:\/\//i.test(to) ? to.replace(/\/+$/, '') : `http://${to}`;
}

function sameUrl(a: string, b: string): boolean {
  return a.trim().replace(/\/+$/, '').toLowerCase() === b.trim().replace(/\/+$/, '').toLowerCase();
}

/** The config text without `base_url` (and its continuation lines) in `[api]`; everything else byte for byte. */
function withoutBaseUrl(text: string): string {
  const out: string[] = [];
  let section = '';
  let skipping = false;
  for (const line of text.split(/(?<=\n)/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) section = header[1].trim();
    if (skipping && /^[ \t]+\S/.test(line)) continue;
    skipping = !header && section === 'api' && /^base_url\s*[=:]/i.test(line.trim());
    if (!skipping) out.push(line);
  }
  return out.join('');
}
