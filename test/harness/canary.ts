// A canary API key unique to the run (docs/trust.md): the integration suites use it as the user's
// key, against the emulator and hostile servers; afterwards it must appear nowhere VS Code or the
// extension wrote anything: logs, settings, global and workspace storage, the workspace, test output.
import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** A well-formed key (cpk_<32 hex>.<32 hex>.<32 alnum>) no server knows, different every run. */
export function canaryApiKey(): string {
  const alnum = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 32);
  return `cpk_${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}.${alnum}`;
}

/**
 * Where the key, or its secret tail alone, occurs: files under `roots` (recursively, symlinks not
 * followed) and the named texts. Empty means it leaked nowhere.
 */
export function findCanary(key: string, roots: string[], texts: Record<string, string>): string[] {
  const needles = [key, key.slice(-32)];
  const hits = Object.entries(texts)
    .filter(([, text]) => needles.some((n) => text.includes(n)))
    .map(([name]) => name);
  const bytes = needles.map((n) => Buffer.from(n));
  const walk = (file: string): void => {
    const stat = lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) return readdirSync(file).forEach((name) => walk(path.join(file, name)));
    if (stat.isFile() && bytes.some((b) => readFileSync(file).includes(b))) hits.push(file);
  };
  roots.forEach(walk);
  return hits;
}
