import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');

/** The tested code-servers (scripts/setup.mjs): `latest` (VS Code 1.139) and `floor` (1.99, engines.vscode). */
export type CodeServerVersion = 'latest' | 'floor';

export interface CodeServerInstall {
  node: string;
  codeServer: string;
}

/** A set-up step failed; its message says what to do (the harness prints it without a stack). */
export class SetupFailedError extends Error {}

/** Installs (once, cached) and locates code-server and the Node it runs on, via scripts/setup.mjs. */
export function ensureCodeServer(which: CodeServerVersion = 'latest'): CodeServerInstall {
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'setup.mjs'), '--print', which], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) throw new SetupFailedError(result.stderr.trim() || `scripts/setup.mjs --print ${which} failed`);
  if (result.stderr) process.stderr.write(result.stderr);
  const [node, codeServer] = result.stdout.trim().split('\n').slice(-2);
  return { node, codeServer };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
