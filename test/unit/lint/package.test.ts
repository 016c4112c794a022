// chutes-lint as a package of its own: `npm run pack:lint` builds the tarball, which is installed
// into an empty project (no clone, no network: the package has no dependencies) and run with npx.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const project = mkdtempSync(path.join(tmpdir(), 'chutes-lint-user-'));

function npx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['--no-install', 'chutes-lint', ...args], { cwd: project }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  const tarball = execFileSync('npm', ['run', '--silent', 'pack:lint'], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-chutes', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, stdio: 'pipe' });
  rmSync(tarball);
  cpSync(path.join(root, 'test', 'fixtures', 'chutes', 'broken', 'tee.py'), path.join(project, 'tee.py'));
  cpSync(path.join(root, 'test', 'fixtures', 'chutes', 'clean'), path.join(project, 'clean'), { recursive: true });
}, 300_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

// npx and a cold Node start several times per test: generous limits for a busy machine.
describe('chutes-lint installed from its tarball', { timeout: 120_000 }, () => {
  it('is a devDependency with its README, and runs through npx', async () => {
    const pkg = JSON.parse(execFileSync('npm', ['pkg', 'get', 'devDependencies'], { cwd: project, encoding: 'utf8' }));
    expect(Object.keys(pkg)).toEqual(['chutes-lint']);
    const help = await npx(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: chutes-lint <file or folder>/);
  });

  it('keeps the exit codes: 1 on errors, 0 when clean, 2 for unreadable paths', async () => {
    const errors = await npx(['tee.py']);
    expect(errors.code).toBe(1);
    expect(errors.stdout).toContain('tee.py:5:10: error: The name "private-TEE-model" contains "TEE"');
    expect(errors.stdout.trim().split('\n').pop()).toBe('1 file checked: 3 errors, 0 warnings, 1 info.');
    const clean = await npx(['clean']);
    expect([clean.code, clean.stdout.trim().split('\n').pop()]).toEqual([0, '8 files checked: no problems.']);
    const missing = await npx(['nope.py']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('chutes-lint: cannot read');
  });
});
