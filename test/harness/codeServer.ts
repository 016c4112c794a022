import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureCodeServer } from './paths';

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
}

export interface RunningCodeServer {
  url: string;
  port: number;
  userDataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

// Keeps the workbench quiet and screenshots clean (shared/reference/vscode-testing.md).
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

/** Starts code-server in its own process group on a free port; stop() kills the whole group. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const install = ensureCodeServer();
  const base = mkdtempSync(path.join(os.tmpdir(), 'chutes-cs-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(base, 'config.yaml'), 'auth: none\n');
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...options.settings }, null, 2),
  );
  // code-server is a remote window: machine-scoped settings (chutes.cliPath, chutes.configPath) come from here.
  mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(options.settings ?? {}, null, 2));
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
  const args = [
    entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver',
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
