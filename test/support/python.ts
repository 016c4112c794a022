import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The venv made by scripts/setup-python.sh (the real `chutes` CLI and bittensor-wallet from PyPI). */
export const pythonVenv = process.env.CHUTES_PY_VENV ?? path.join(os.homedir(), '.cache', 'chutes-vscode', 'py-venv');

export function venvBin(name: string): string {
  return path.join(pythonVenv, 'bin', name);
}

/** Why a Python-backed test cannot run here, or undefined when `import <module>` works. */
export function missingPython(module: string): string | undefined {
  const python = venvBin('python');
  if (!existsSync(python)) return `no venv at ${pythonVenv}: run scripts/setup-python.sh`;
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `python module ${module} is not installed in ${pythonVenv}: run scripts/setup-python.sh`;
  }
}
