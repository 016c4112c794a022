import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');

export interface CodeServerInstall {
  node: string;
  codeServer: string;
}

/** Installs (once, cached) and locates code-server and the Node 24 it runs on. */
export function ensureCodeServer(): CodeServerInstall {
  const out = execFileSync('bash', [path.join(projectRoot, 'scripts', 'setup-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [node, codeServer] = out.trim().split('\n').slice(-2);
  return { node, codeServer };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
