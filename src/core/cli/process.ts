// Runs the chutes CLI: an argument list and no shell (docs/architecture.md "Long work"), output line by line
// as it comes, y/n questions answered by the caller, and Cancel ending the whole process tree.
// spawn (what execFile calls) is used directly: execFile cannot start the CLI in a process group of
// its own, which Cancel needs.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { constants, readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pendingPrompt, stripAnsi } from './output';

export interface RunOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Config text the CLI reads through a named pipe (CHUTES_CONFIG_PATH is set to it); never written to disk. */
  pipe?: string;
  onLine?(line: string, stream: 'stdout' | 'stderr'): void;
  /** Answers a `(y/n)` question; the answer is sent with a newline. */
  onPrompt?(prompt: string): Promise<string>;
  signal?: AbortSignal;
}

export interface RunResult {
  code: number | null;
  /** True when the signal ended the run. */
  cancelled: boolean;
  /** Everything printed, ANSI removed, the last MAX_OUTPUT characters at most. */
  output: string;
  pid: number | undefined;
}

export class CliRunError extends Error {}

const MAX_OUTPUT = 1_000_000;
/** Time between the polite signal and the forced one; together well under a second. */
const KILL_GRACE_MS = 400;

export async function runCli(executable: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  if (options.pipe === undefined) return run(executable, args, options, options.env);
  const fifo = await configFifo(options.pipe);
  try {
    return await run(executable, args, options, { ...options.env, CHUTES_CONFIG_PATH: fifo.path });
  } finally {
    await fifo.dispose();
  }
}

function run(executable: string, args: readonly string[], options: RunOptions, env: RunOptions['env']): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const windows = process.platform === 'win32';
    let child: ChildProcess;
    try {
      child = spawn(executable, [...args], {
        cwd: options.cwd,
        env: { PYTHONUNBUFFERED: '1', NO_COLOR: '1', COLUMNS: '200', ...env },
        stdio: 'pipe',
        shell: false,
        detached: !windows,
        windowsHide: true,
      });
    } catch (error) {
      reject(new CliRunError(`Cannot start ${executable}: ${(error as Error).message}`));
      return;
    }
    let output = '';
    let cancelled = false;
    const keep = (text: string) => {
      output = (output + text).slice(-MAX_OUTPUT);
    };
    const onAbort = () => {
      cancelled = true;
      killTree(child);
    };

    const reader = (stream: 'stdout' | 'stderr') => {
      let partial = '';
      let asking = false;
      return (chunk: Buffer) => {
        const text = partial + chunk.toString('utf8');
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const clean = stripAnsi(line).replace(/\r$/, '');
          keep(`${clean}\n`);
          options.onLine?.(clean, stream);
        }
        const prompt = pendingPrompt(partial);
        if (prompt && options.onPrompt && !asking) {
          asking = true;
          partial = '';
          void options.onPrompt(prompt).then(
            (answer) => {
              keep(`${prompt} ${answer}\n`);
              options.onLine?.(`${prompt} ${answer}`, stream);
              asking = false;
              child.stdin?.write(`${answer}\n`);
            },
            () => onAbort(),
          );
        }
      };
    };
    child.stdout?.on('data', reader('stdout'));
    child.stderr?.on('data', reader('stderr'));
    child.stdin?.on('error', () => undefined); // the CLI may exit without reading its input
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new CliRunError(`Cannot run ${executable}: ${error.message}`));
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, cancelled, output, pid: child.pid });
    });
  });
}

/**
 * A named pipe in a private temporary folder (0700) that hands `text` to the first reader: the SDK
 * reads its config once by path (docs/platform.md §1.1), and a pipe's content lives only in kernel
 * memory. (An inherited fd would be a socket here, which Python cannot open by /dev/fd path.)
 */
async function configFifo(text: string): Promise<{ path: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chutes-cli-'));
  const fifo = path.join(dir, 'config.ini');
  try {
    await promisify(execFile)('mkfifo', ['-m', '600', fifo]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new CliRunError(`Cannot create a pipe for the CLI's config: ${(error as Error).message}`);
  }
  let fed = false;
  // Opening for writing waits until the CLI opens it for reading.
  const feed = open(fifo, constants.O_WRONLY)
    .then(async (handle) => {
      await handle.writeFile(text).finally(() => handle.close());
      fed = true;
    })
    .catch(() => undefined);
  return {
    path: fifo,
    dispose: async () => {
      if (!fed) {
        // The CLI ended without reading: open the other end so the waiting writer finishes.
        const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
        await feed;
        await reader?.close();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ends the CLI and everything it started: its process group on POSIX, `taskkill /T` on Windows. */
export function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => child.kill());
    return;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
}

/** True while a process with this id runs (for checks after a cancel); a zombie awaiting its reaper counts as gone. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: field 3 of /proc/<pid>/stat is the state; Z is a zombie.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The installed chutes package's version, asked of the interpreter that runs the CLI; undefined when it cannot tell. */
export function cliVersion(python: string | undefined): Promise<string | undefined> {
  if (!python) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', "import importlib.metadata as m; print(m.version('chutes'))"],
      { timeout: 20_000, windowsHide: true },
      (error, stdout) => resolve(error ? undefined : /^\d[\w.+-]*/.exec(stdout.trim())?.[0]),
    );
  });
}
