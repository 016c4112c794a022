// Where the chutes CLI is (docs/cli.md "Finding the CLI"): the chutes.cliPath setting; else the
// interpreter the Python extension selected for the file's folder (its `chutes` script sits next
// to it); else `chutes` on PATH. Only file checks here: nothing runs until the user acts.
import { access, constants, open } from 'node:fs/promises';
import path from 'node:path';

export type CliSource = 'setting' | 'python' | 'path';

export interface CliLocation {
  source: CliSource;
  executable: string;
  /** The interpreter that runs it, when known (the selected one, or the script's shebang). */
  python?: string;
}

export interface CliMissing {
  /** Why nothing was found, in the user's terms. */
  reason: string;
  /** The selected interpreter, where `python -m pip install chutes` would put the CLI. */
  python?: string;
}

export interface LocateInput {
  /** chutes.cliPath ('' when unset). */
  setting: string;
  /** The interpreter the Python extension selected for the folder, when it is installed and has one. */
  python?: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

export async function locateCli(input: LocateInput): Promise<CliLocation | CliMissing> {
  const windows = input.platform === 'win32';
  if (input.setting) {
    if (await isExecutable(input.setting, windows)) return { source: 'setting', executable: input.setting, python: await scriptPython(input.setting, windows) };
    return { reason: `The chutes.cliPath setting points at ${input.setting}, which is not an executable file.`, python: input.python };
  }
  if (input.python) {
    const dir = path.dirname(input.python);
    const candidates = windows ? [path.join(dir, 'Scripts', 'chutes.exe'), path.join(dir, 'chutes.exe')] : [path.join(dir, 'chutes')];
    for (const executable of candidates) {
      if (await isExecutable(executable, windows)) return { source: 'python', executable, python: input.python };
    }
  }
  for (const executable of pathCandidates(input.env, windows)) {
    if (await isExecutable(executable, windows)) return { source: 'path', executable, python: await scriptPython(executable, windows) };
  }
  return {
    reason: input.python
      ? `The chutes CLI is not installed in the selected Python environment (${input.python}), nor on PATH.`
      : 'No chutes CLI found: the chutes.cliPath setting is empty, no Python environment is selected, and chutes is not on PATH.',
    python: input.python,
  };
}

export function isMissing(result: CliLocation | CliMissing): result is CliMissing {
  return 'reason' in result;
}

function pathCandidates(env: LocateInput['env'], windows: boolean): string[] {
  const dirs = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':').filter(Boolean);
  const names = windows ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean).map((ext) => `chutes${ext.toLowerCase()}`) : ['chutes'];
  return dirs.flatMap((dir) => names.map((name) => path.join(dir, name)));
}

async function isExecutable(file: string, windows: boolean): Promise<boolean> {
  try {
    await access(file, windows ? constants.F_OK : constants.X_OK);
    const handle = await open(file, 'r');
    const stat = await handle.stat().finally(() => handle.close());
    return stat.isFile();
  } catch {
    return false;
  }
}

/** The interpreter of a pip console script: its `#!` line, or on Windows python.exe above Scripts\. */
async function scriptPython(executable: string, windows: boolean): Promise<string | undefined> {
  if (windows) {
    const python = path.join(path.dirname(path.dirname(executable)), 'python.exe');
    return (await isExecutable(python, true)) ? python : undefined;
  }
  try {
    const handle = await open(executable, 'r');
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0).finally(() => handle.close());
    const shebang = /^#!([^\s]+python[\w.]*)\s*$/m.exec(buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '');
    return shebang?.[1];
  } catch {
    return undefined;
  }
}
