import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The venv made by scripts/setup.mjs (the real `chutes` CLI and bittensor-wallet from PyPI); same default path. */
export const pythonVenv =
  process.env.CHUTES_PY_VENV ??
  path.join(process.env.CHUTES_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'chutes-vscode'), 'py-venv');

export function venvBin(name: string): string {
  return path.join(pythonVenv, 'bin', name);
}

/**
 * Why a Python-backed test cannot run here, or undefined when `import <module>` works. The reason
 * starts with "set-up:", which the harness counts as a failure under CI=true.
 */
export function missingPython(module: string): string | undefined {
  const python = venvBin('python');
  if (!existsSync(python)) return `set-up: no venv at ${pythonVenv}; run node scripts/setup.mjs python`;
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `set-up: python module ${module} is not installed in ${pythonVenv}; run node scripts/setup.mjs python`;
  }
}
