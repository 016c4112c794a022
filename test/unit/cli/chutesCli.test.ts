// The real `chutes` CLI from PyPI, pointed at the emulator through a temporary CHUTES_CONFIG_PATH:
// it signs every request with the demo hotkey, and the emulator verifies those signatures.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator';
import { missingPython, venvBin } from '../../support/python';

const skip = missingPython('chutes');
if (skip && process.env.CI) throw new Error(`CI must run the real chutes CLI: ${skip}`);

interface CliResult {
  code: number;
  out: string;
}

describe.skipIf(skip)('real chutes CLI against the emulator', () => {
  let emulator: RunningEmulator;
  let dir: string;

  function cli(args: string[], input = ''): Promise<CliResult> {
    return new Promise((resolve) => {
      const child = execFile(
        venvBin('chutes'),
        args,
        {
          cwd: dir,
          timeout: 60_000,
          env: { ...process.env, CHUTES_CONFIG_PATH: path.join(dir, 'config.ini'), COLUMNS: '300', NO_COLOR: '1' },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}\n${stderr}` }),
      );
      child.stdin?.end(input);
    });
  }

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo' });
    const demo = emulator.demo!;
    dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-cli-'));
    writeFileSync(
      path.join(dir, 'config.ini'),
      [
        '[api]',
        `base_url = ${emulator.url}`,
        '[auth]',
        `username = ${demo.username}`,
        `user_id = ${demo.userId}`,
        `hotkey_seed = ${demo.hotkeySeed}`,
        'hotkey_name = default',
        `hotkey_ss58address = ${demo.hotkeySs58}`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('chutes chutes list shows the demo user\'s chutes and the paging total', async () => {
    const { code, out } = await cli(['chutes', 'list', '--limit', '5']);
    expect(code, out).toBe(0);
    expect(out).toMatch(/Found \d{2,} matching chutes, displaying 5/);
    expect(out).toMatch(/demo-/);
  });

  it('chutes chutes get prints the chute JSON by name, and the server\'s words for an unknown one', async () => {
    const { code, out } = await cli(['chutes', 'get', 'demo-echo']);
    expect(code, out).toBe(0);
    expect(out).toMatch(/"slug":\s*"demo-demo-echo"/);
    expect(out).toMatch(/"public_api_path":\s*"\//);

    const missing = await cli(['chutes', 'get', 'no-such-chute']);
    expect(missing.out).toContain('Chute not found, or does not belong to you');
  });

  it('chutes images list shows images in every state', async () => {
    const { code, out } = await cli(['images', 'list', '--limit', '50']);
    expect(code, out).toBe(0);
    expect(out).toContain('built and pushed');
    expect(out).toContain('building');
    expect(out).toMatch(/error/);
  });

  it('chutes keys create, list and delete round-trip through the emulator', async () => {
    const created = await cli(['keys', 'create', '--name', 'cli-test', '--admin']);
    expect(created.code, created.out).toBe(0);
    expect(created.out).toMatch(/"secret_key":\s*"cpk_[a-f0-9]{32}\.[a-f0-9]{32}\.[A-Za-z0-9]{32}"/);
    const id = /"api_key_id":\s*"([0-9a-f-]{36})"/.exec(created.out)?.[1];
    expect(id).toBeTruthy();

    const listed = await cli(['keys', 'list']);
    expect(listed.code, listed.out).toBe(0);
    expect(listed.out).toContain('cli-test');

    const deleted = await cli(['keys', 'delete', id!], 'y\n');
    expect(deleted.code, deleted.out).toBe(0);
    expect(deleted.out).toContain(`Successfully deleted`);
    expect((await cli(['keys', 'list'])).out).not.toContain('cli-test');
  });
});
