import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureCodeServer, projectRoot, type CodeServerVersion } from './paths';

/** The extension's settings declared with `"scope": "machine"` in package.json. */
const machineScoped = new Set(
  Object.entries(JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { scope?: string }>)
    .filter(([, schema]) => schema.scope === 'machine')
    .map(([key]) => key),
);

export interface CodeServerOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /** Extra user settings (merged over the quiet defaults). */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and so the extension host. */
  env?: Record<string, string>;
  /** VSIX files installed before start. */
  install?: string[];
  /** Listen on this port instead of a free one. */
  port?: number;
  /** Workspace trust on and the folder never trusted: extensions run in Restricted Mode. */
  restricted?: boolean;
  /** Which tested VS Code to run (default: the latest). */
  version?: CodeServerVersion;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  userDataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

// Keeps the workbench quiet and screenshots clean.
const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

// Restricted Mode without the startup question: the folder simply stays untrusted.
const restrictedSettings = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/**
 * Node arguments that start code-server with VS Code's smoke test driver (the integration tests'
 * payload needs it). code-server 4.139 passes it with `--vscode-option`; the 4.99 floor has no such
 * option and refuses unknown ones, so a preloaded module registers VS Code's own flag with its parser.
 */
function smokeTestDriver(codeServer: string, base: string): { node: string[]; flags: string[] } {
  const cli = path.join(codeServer, 'out', 'node', 'cli.js');
  if (readFileSync(cli, 'utf8').includes('"vscode-option"')) return { node: [], flags: ['--vscode-option', 'enable-smoke-test-driver'] };
  const preload = path.join(base, 'smoke-test-driver.cjs');
  writeFileSync(
    preload,
    `require(${JSON.stringify(cli)}).options['enable-smoke-test-driver'] = { type: 'boolean', description: 'VS Code smoke test driver' };\n`,
  );
  return { node: ['--require', preload], flags: ['--enable-smoke-test-driver'] };
}

/** Starts code-server in its own process group on a free port; stop() kills the whole group. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const install = ensureCodeServer(options.version);
  const base = mkdtempSync(path.join(os.tmpdir(), 'chutes-cs-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(base, 'config.yaml'), 'auth: none\n');
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...(options.restricted ? restrictedSettings : {}), ...options.settings }, null, 2),
  );
  // code-server is a remote window: machine-scoped settings (paths) apply only from Machine/settings.json.
  // Only those go there: a machine value would outrank what a test writes to user settings.
  mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  const machine = Object.fromEntries(Object.entries(options.settings ?? {}).filter(([key]) => machineScoped.has(key)));
  writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(machine, null, 2));
  const entry = path.join(install.codeServer, 'out', 'node', 'entry.js');
  const env = {
    ...process.env,
    ...options.env,
    PATH: `${path.dirname(install.node)}:${process.env.PATH}`,
    HOME: process.env.HOME ?? os.homedir(),
  };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', path.join(base, 'config.yaml')];
  for (const vsix of options.install ?? []) {
    await run(install.node, [entry, ...common, '--install-extension', vsix, '--force'], env);
  }

  const port = options.port ?? (await freePort());
  const smoke = smokeTestDriver(install.codeServer, base);
  const args = [
    ...smoke.node,
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...smoke.flags,
    ...common,
    options.workspace,
  ];
  const child: ChildProcess = spawn(install.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout?.on('data', (d) => (logs += d));
  child.stderr?.on('data', (d) => (logs += d));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(base, { recursive: true, force: true });
  };

  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => fail(new Error('code-server did not start within 60 s')), 60_000);
    const onData = () => {
      if (logs.includes('HTTP server listening')) {
        clearTimeout(timeout);
        resolve();
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timeout);
      reject(new Error(`${error.message}\n--- code-server log ---\n${logs}`));
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => fail(new Error(`code-server exited with ${code} before listening`)));
    child.on('error', fail);
  }).catch(async (error) => {
    await stop();
    throw error;
  });

  return { url: `http://127.0.0.1:${port}`, port, userDataDir, logs: () => logs, stop };
}
