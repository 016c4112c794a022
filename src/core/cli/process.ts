// Runs the chutes CLI: an argument list and no shell (design.md "Long work"), output line by line
// as it comes, y/n questions answered by the caller, and Cancel ending the whole process tree.
// spawn (what execFile calls) is used directly because execFile can neither open the extra pipe the
// config may come through (cliConfig.ts) nor start the CLI in a process group of its own.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { CONFIG_FD } from './cliConfig';
import { pendingPrompt, stripAnsi } from './output';

export interface RunOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Text written to fd 3 and closed (the config, when it comes through a pipe). */
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

export function runCli(executable: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const windows = process.platform === 'win32';
    let child: ChildProcess;
    try {
      child = spawn(executable, [...args], {
        cwd: options.cwd,
        env: { PYTHONUNBUFFERED: '1', NO_COLOR: '1', COLUMNS: '200', ...options.env },
        stdio: options.pipe === undefined ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', 'pipe'],
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
    if (options.pipe !== undefined) {
      const configPipe = child.stdio[CONFIG_FD] as NodeJS.WritableStream | null;
      configPipe?.on('error', () => undefined);
      configPipe?.end(options.pipe);
    }
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

/** True while a process with this id exists (for checks after a cancel). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
