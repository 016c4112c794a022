// Builds the extension host bundle, one lazily loaded bundle per heavy dependency, and one
// browser bundle per webview. `--production` minifies and drops sourcemaps; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);
const lazyDir = path.join(root, 'src', 'core', 'lazy');

// Modules in src/core/lazy wrap heavy packages (undici, yaml, ajv, @polkadot). The main bundle
// must not contain them: imports of those files become require('./vendor/<name>.js'), built
// separately below, so activation never parses them (design.md: start fast).
const lazyVendor = {
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: /(^|\/)lazy\/[\w-]+$/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      if (path.dirname(resolved) !== lazyDir) return undefined;
      return { path: `./vendor/${path.basename(resolved)}.js`, external: true };
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  // Error classes name themselves from new.target.name; keep it through minification.
  keepNames: true,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  target: 'es2022',
};

const lazyEntries = existsSync(lazyDir)
  ? readdirSync(lazyDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(lazyDir, f))
  : [];
const webviewDir = path.join(root, 'webview');
const webviewEntries = existsSync(webviewDir)
  ? readdirSync(webviewDir)
      .map((d) => path.join(webviewDir, d, 'main.ts'))
      .filter((f) => existsSync(f))
  : [];

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [lazyVendor],
  },
  {
    // The check worker for large documents: its own file, started by the editor feature on first use.
    ...common,
    entryPoints: { 'lint-worker': 'src/lint-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    plugins: [lazyVendor],
  },
  {
    ...common,
    entryPoints: { 'chutes-lint': 'src/lint-cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    plugins: [lazyVendor],
  },
  lazyEntries.length && {
    ...common,
    entryPoints: lazyEntries,
    outdir: 'dist/vendor',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  webviewEntries.length && {
    ...common,
    entryPoints: Object.fromEntries(webviewEntries.map((f) => [path.basename(path.dirname(f)), f])),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
  },
].filter(Boolean);

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
