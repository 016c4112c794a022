// `npm run pack:lint`: builds chutes-lint as a package of its own (packages/chutes-lint: its
// package.json, README and bin, plus one bundled file with every dependency inlined) and writes
// chutes-lint-<version>.tgz to the repository root, installable with `npm i -D ./chutes-lint-<v>.tgz`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const stage = mkdtempSync(path.join(os.tmpdir(), 'chutes-lint-pack-'));
try {
  cpSync(path.join(root, 'packages', 'chutes-lint'), stage, { recursive: true });
  cpSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
  await esbuild.build({
    entryPoints: [path.join(root, 'src', 'lint-cli.ts')],
    outfile: path.join(stage, 'dist', 'chutes-lint.js'),
    bundle: true, // the lazy doors (ajv, yaml) are inlined: a CLI run needs them anyway
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    minify: true,
    keepNames: true,
    logLevel: 'warning',
  });
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', root], { cwd: stage, encoding: 'utf8' });
  console.log(path.join(root, out.trim().split('\n').pop()));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
