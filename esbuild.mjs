// Builds the extension host bundle, the lazily loaded feature bundles, one lazily loaded bundle per
// heavy dependency, the chutes-lint command and one browser bundle per webview. `--production`
// minifies and drops sourcemaps; `--watch` rebuilds on every change under src/ and webview/.
//
// Lazy loading (docs/architecture.md, "Lazy loading"):
// - `dist/extension.js` holds what activate() needs. Every dynamic `import('./x')` of a module in
//   src/ becomes its own bundle `dist/lazy/<path-of-x>.js`, required on first use.
// - A module the main bundle contains is never bundled a second time: lazy bundles take it from
//   dist/extension.js at run time (its `__modules` registry), so the log channel, settings,
//   Connection and every class identity exist once.
// - `import('../lazy/<dep>')` of a door in src/core/lazy becomes `dist/vendor/<dep>.js`.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync, watch as watchFiles, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(new URL(import.meta.url).pathname);
const srcDir = path.join(root, 'src');
const lazyDir = path.join(srcDir, 'core', 'lazy');
const dist = path.join(root, 'dist');
const REGISTRY = '__modules';
/** Budget of the eager bundle in a production build: activation parses all of it. */
export const MAIN_BUNDLE_BUDGET = 100 * 1024;

const options = (production) => ({
  absWorkingDir: root,
  bundle: true,
  minify: production,
  // Error classes name themselves from new.target.name; keep it through minification.
  keepNames: true,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  target: 'es2022',
  // activate() hands its internals to integration tests only in a test build (docs/trust.md).
  define: { CHUTES_TEST_BUILD: String(!production) },
  // import() of a lazy bundle becomes require(): one module cache with the extension host's own
  // require (which is where `vscode` comes from and where lazy bundles find dist/extension.js).
  supported: { 'dynamic-import': false },
  write: false,
  metafile: true,
});

/** `src/features/editor/x.ts` → `features-editor-x`: the lazy bundle's file name. */
const lazyName = (file) =>
  path.relative(srcDir, file).replace(/\.ts$/, '').replace(/[\\/]index$/, '').split(path.sep).join('-');
/** Registry key of a source module: its path from the repository root. */
const moduleKey = (file) => path.relative(root, file).split(path.sep).join('/');
const isSourceModule = (file) => file.startsWith(srcDir + path.sep) && file.endsWith('.ts') && !file.startsWith(lazyDir + path.sep);

/** Resolves like esbuild would, without re-entering our own onResolve hooks. */
async function resolveSource(build, args) {
  if (args.pluginData?.ours || !args.path.startsWith('.')) return undefined;
  const result = await build.resolve(args.path, {
    kind: args.kind,
    importer: args.importer,
    resolveDir: args.resolveDir,
    pluginData: { ours: true },
  });
  return result.errors.length ? undefined : result.path;
}

/** Doors in src/core/lazy → `<prefix>vendor/<name>.js`, bundled separately. */
const lazyVendor = (prefix) => ({
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: /(^|\/)lazy\/[\w-]+$/ }, (args) => {
      const resolved = path.resolve(args.resolveDir, args.path);
      if (path.dirname(resolved) !== lazyDir) return undefined;
      return { path: `${prefix}vendor/${path.basename(resolved)}.js`, external: true };
    });
  },
});

/** Dynamic imports of source modules → `<prefix><name>.js` in dist/lazy; each target is recorded. */
const lazyFeatures = (prefix, entries) => ({
  name: 'lazy-features',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const file = await resolveSource(build, args);
      if (!file || !isSourceModule(file)) return undefined;
      entries.add(file);
      return { path: `${prefix}${lazyName(file)}.js`, external: true };
    });
  },
});

/** Static imports of modules the main bundle holds → taken from dist/extension.js at run time. */
const borrowFromMain = (mainModules, borrowed) => ({
  name: 'borrow-from-main',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind === 'dynamic-import') return undefined;
      const file = await resolveSource(build, args);
      if (!file || !mainModules.has(moduleKey(file))) return undefined;
      borrowed.add(moduleKey(file));
      return { path: moduleKey(file), namespace: 'main-module' };
    });
    build.onResolve({ filter: /^\.\.\/extension\.js$/, namespace: 'main-module' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'main-module' }, (args) => ({
      contents: `module.exports = require('../extension.js').${REGISTRY}[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
});

const sourceInputs = (result) =>
  new Set(Object.keys(result.metafile.inputs).filter((f) => isSourceModule(path.join(root, f))).map((f) => moduleKey(path.join(root, f))));
const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

/** The main bundle; `registry` names the modules it hands to lazy bundles. */
function buildMain(production, registry, entries) {
  const lines = ["export * from './src/extension';"];
  [...registry].sort().forEach((key, i) => lines.push(`import * as m${i} from './${key}';`));
  lines.push(`export const ${REGISTRY} = {${[...registry].sort().map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')}};`);
  return esbuild.build({
    ...options(production),
    stdin: { contents: lines.join('\n'), resolveDir: root, sourcefile: 'extension-entry.ts', loader: 'ts' },
    outfile: path.join(dist, 'extension.js'),
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [lazyVendor('./'), lazyFeatures('./lazy/', entries)],
  });
}

function buildLazy(production, entries, mainModules, borrowed) {
  if (!entries.size) return undefined;
  return esbuild.build({
    ...options(production),
    entryPoints: Object.fromEntries([...entries].map((file) => [lazyName(file), file])),
    outdir: path.join(dist, 'lazy'),
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [lazyVendor('../'), lazyFeatures('./', entries), borrowFromMain(mainModules, borrowed)],
  });
}

/** Source modules that more than one lazy bundle would carry. */
function sharedByLazyBundles(lazy) {
  const seen = new Map();
  for (const [file, output] of Object.entries(lazy?.metafile.outputs ?? {})) {
    if (!file.endsWith('.js')) continue;
    for (const input of Object.keys(output.inputs)) {
      if (isSourceModule(path.join(root, input))) seen.set(input, (seen.get(input) ?? 0) + 1);
    }
  }
  return new Set([...seen].filter(([, count]) => count > 1).map(([input]) => moduleKey(path.join(root, input))));
}

/**
 * Main and lazy bundles, to a fixed point: the registry holds exactly the modules lazy bundles
 * borrow, and exporting them must not pull a module into main that a lazy bundle already copied.
 * A module two lazy bundles would both carry moves into main (and is borrowed from there), so a
 * class or a piece of state never exists twice, whichever bundle loads first.
 */
export async function bundleExtension({ production = false } = {}) {
  const entries = new Set();
  const hoisted = new Set();
  let main = await buildMain(production, new Set(), entries);
  for (let round = 0; round < 10; round++) {
    const mainModules = sourceInputs(main);
    const borrowed = new Set();
    const knownEntries = entries.size;
    const lazy = await buildLazy(production, entries, mainModules, borrowed);
    const shared = sharedByLazyBundles(lazy);
    for (const key of shared) hoisted.add(key);
    main = await buildMain(production, new Set([...borrowed, ...hoisted]), entries);
    if (!shared.size && sameSet(sourceInputs(main), mainModules) && entries.size === knownEntries) {
      const bytes = main.outputFiles.find((f) => f.path.endsWith('.js')).contents.length;
      return { main, lazy, bytes, mainModules, borrowed, lazyEntries: [...entries].map(lazyName) };
    }
  }
  throw new Error('esbuild.mjs: lazy bundles did not settle after 10 rounds');
}

function otherBuilds(production) {
  const common = options(production);
  const lazyEntries = existsSync(lazyDir)
    ? readdirSync(lazyDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(lazyDir, f))
    : [];
  const webviewDir = path.join(root, 'webview');
  const webviewEntries = existsSync(webviewDir)
    ? readdirSync(webviewDir)
        .map((d) => path.join(webviewDir, d, 'main.ts'))
        .filter((f) => existsSync(f))
    : [];
  return [
    {
      // The check worker for large documents: its own file, started by the editor feature on first use.
      ...common,
      entryPoints: { 'lint-worker': 'src/lint-worker.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      plugins: [lazyVendor('./')],
    },
    {
      ...common,
      entryPoints: { 'chutes-lint': 'src/lint-cli.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      plugins: [lazyVendor('./')],
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
}

async function buildAll(production) {
  const extension = await bundleExtension({ production });
  if (production && extension.bytes > MAIN_BUNDLE_BUDGET) {
    throw new Error(`dist/extension.js is ${extension.bytes} bytes, over its ${MAIN_BUNDLE_BUDGET} budget: load more from command handlers with import() (docs/architecture.md, "Lazy loading")`);
  }
  const others = await Promise.all(otherBuilds(production).map((o) => esbuild.build(o)));
  const results = [extension.main, extension.lazy, ...others];
  rmSync(dist, { recursive: true, force: true });
  for (const result of results.filter(Boolean)) {
    for (const file of result.outputFiles) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const production = process.argv.includes('--production');
  await buildAll(production);
  if (process.argv.includes('--watch')) watchAndRebuild(production);
}

function watchAndRebuild(production) {
  let timer;
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(() => buildAll(production).then(() => console.log('esbuild: rebuilt'), (error) => console.error(error.message)), 100);
  };
  for (const dir of ['src', 'webview', 'schemas'].map((d) => path.join(root, d)).filter(existsSync)) {
    watchFiles(dir, { recursive: true }, rebuild);
  }
  console.log('esbuild: watching for changes');
}
