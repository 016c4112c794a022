import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from './paths';

/** Bundles the extension-host test module and each suite to out/test/integration (vscode and mocha stay external). */
export async function buildIntegrationTests(): Promise<string> {
  const src = path.join(projectRoot, 'test', 'integration');
  const outdir = path.join(projectRoot, 'out', 'test', 'integration');
  const suites = readdirSync(path.join(src, 'suite'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(src, 'suite', f));
  await esbuild.build({
    entryPoints: [path.join(src, 'index.ts'), ...suites],
    outbase: src,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}
