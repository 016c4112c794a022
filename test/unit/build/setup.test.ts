// scripts/setup.mjs on the paths a fresh machine takes, without touching this one: Debian packages
// reported missing (CHUTES_SETUP_PRETEND_MISSING) for a user without root or sudo
// (CHUTES_SETUP_PRETEND_USER) must end in one line naming the command, exit 1, and no stack trace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const setup = path.join(__dirname, '..', '..', '..', 'scripts', 'setup.mjs');

function runSetup(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [setup, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/setup.mjs', () => {
  it('names the exact apt-get command and exits 1 when Debian packages are missing and it may not install them', () => {
    const { code, stdout, stderr } = runSetup(['code-server-floor', 'browser'], {
      CHUTES_SETUP_PRETEND_MISSING: 'libkrb5-dev ripgrep chromium',
      CHUTES_SETUP_PRETEND_USER: '1',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'setup failed: Missing Debian packages (libkrb5-dev, ripgrep, chromium). Run: sudo apt-get update && sudo apt-get install -y libkrb5-dev ripgrep chromium',
    ]);
  });

  it('fails the same way for the harness (--print), which passes the message on without a stack', () => {
    const { code, stderr } = runSetup(['--print', 'latest'], { CHUTES_SETUP_PRETEND_MISSING: 'pkg-config', CHUTES_SETUP_PRETEND_USER: '1' });
    expect(code).toBe(1);
    expect(stderr).toContain('Run: sudo apt-get update && sudo apt-get install -y pkg-config');
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses unknown parts with the list of known ones', () => {
    const { code, stderr } = runSetup(['bogus'], {});
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('setup failed: Unknown set-up part(s): bogus. Known: npm, code-server, code-server-floor, python, browser');
  });

  it('reports a failed install step with what to do, not a stack', () => {
    // A venv path under a regular file cannot be created: the python step fails like a broken machine would.
    const { code, stderr } = runSetup(['python'], { CHUTES_PY_VENV: path.join(setup, 'venv') });
    expect(code).toBe(1);
    expect(stderr).toContain('setup failed: creating the Python venv');
    expect(stderr).toContain('sudo apt-get install -y python3 python3-venv');
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
