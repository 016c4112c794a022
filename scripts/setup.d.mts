// Types of what scripts/setup.mjs exports, for TypeScript callers (tests).
export interface CodeServerSpec {
  version: string;
  vscode: string;
  node: string;
}
export const CODE_SERVERS: { latest: CodeServerSpec; floor: CodeServerSpec };
export const PARTS: string[];
export const projectRoot: string;
export function cacheDir(): string;
export function pythonVenv(): string;
export function setup(parts?: string[]): { venv: string };
