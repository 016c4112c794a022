// The real `chutes` CLI from PyPI, pointed at the emulator through a temporary CHUTES_CONFIG_PATH:
// it signs every request with the demo hotkey, and the emulator verifies those signatures.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator';
import { generatePython, parseManifest } from '../../../src/core/lint';
import { missingPython, venvBin } from '../../support/python';

const skip = missingPython('chutes');

interface CliResult {
  code: number;
  out: string;
}

// Each CLI call starts Python and the SDK: seconds apiece on a loaded machine.
describe.skipIf(skip)(skip ? `real chutes CLI against the emulator (skipped: ${skip})` : 'real chutes CLI against the emulator', { timeout: 180_000 }, () => {
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

  describe('build and deploy of a chute module', () => {
    // A small chute as a developer writes it: an Image from a base with a run_command, one cord.
    const MODULE = [
      'from chutes.chute import Chute, NodeSelector',
      'from chutes.image import Image',
      '',
      'image = Image(username="demo", name="cli-image", tag="0.1").from_base("parachutes/python:3.12").run_command("pip install --no-cache-dir httpx")',
      'chute = Chute(username="demo", name="cli-echo", image=image, node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24))',
      '',
      '',
      '@chute.cord(public_api_path="/echo", public_api_method="POST")',
      'async def echo(self, text: str) -> dict:',
      '    return {"echo": text}',
      '',
    ].join('\n');

    beforeAll(() => writeFileSync(path.join(dir, 'cli_echo.py'), MODULE));

    it('chutes build --wait uploads the image, confirms the context on stdin, and prints the finished build log', async () => {
      const { code, out } = await cli(['build', 'cli_echo:chute', '--wait'], 'y\n');
      expect(code, out).toBe(0);
      expect(out).toMatch(/Uploaded image package: image_id=[0-9a-f-]{36}, build will run async/);
      // The emulator's forge ran the Dockerfile the SDK generated, run_command included.
      expect(out).toContain('Starting build of demo/cli-image:0.1');
      expect(out).toMatch(/Step \d+\/\d+ : FROM parachutes\/python:3\.12/);
      expect(out).toMatch(/Step \d+\/\d+ : RUN pip install --no-cache-dir httpx/);
      expect(out).toContain('Successfully tagged demo/cli-image:0.1');

      const again = await cli(['build', 'cli_echo:chute'], 'y\n');
      expect(again.out).toContain('Image with name=cli-image and tag=0.1 already exists!');
      const listed = await cli(['images', 'list', '--name', 'cli-image']);
      expect(listed.out).toContain('built and pushed');
    });

    it('chutes deploy shows the fee notice, deploys with --accept-fee, and refuses an identical redeploy', async () => {
      const declined = await cli(['deploy', 'cli_echo:chute'], 'n\n');
      expect(declined.code).not.toBe(0);
      expect(declined.out).toContain('Aborting!');

      const notice = await cli(['deploy', 'cli_echo:chute'], 'y\n');
      expect(notice.out).toContain('DEPLOYMENT FEE NOTICE:');
      expect(notice.out).toContain('which for this configuration is: $0.75');
      expect(notice.out).toContain('--accept-fee');
      expect((await cli(['chutes', 'list', '--name', 'cli-echo'])).out).toMatch(/Found 0 matching chutes/);

      const deployed = await cli(['deploy', 'cli_echo:chute', '--accept-fee'], 'y\n');
      expect(deployed.code, deployed.out).toBe(0);
      const match = /Successfully deployed chute cli-echo chute_id='([0-9a-f-]{36})' version=([0-9a-f-]{36})/.exec(deployed.out);
      expect(match, deployed.out).not.toBeNull();
      const [, chuteId, version] = match!;
      const listed = await cli(['chutes', 'list', '--name', 'cli-echo']);
      expect(listed.out).toMatch(/Found 1 matching chutes/);
      expect(listed.out).toContain(chuteId);
      expect(listed.out).toContain('demo-cli-echo');

      const redeploy = await cli(['deploy', 'cli_echo:chute', '--accept-fee'], 'y\n');
      expect(redeploy.out).toContain(`Chute with name=cli-echo, version='${version}' and public=False already exists`);
    });
  });

  it('a module written by Generate Python from a manifest is what the real CLI deploys', async () => {
    const text = readFileSync(path.join(__dirname, '../../fixtures/chutes/clean/llama.chute.yaml'), 'utf8');
    const { manifest, diagnostics } = await parseManifest(text, 'yaml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    writeFileSync(path.join(dir, 'llama_chute.py'), generatePython({ ...manifest!, username: 'demo' }, { sourceName: 'llama.chute.yaml' }));

    const deployed = await cli(['deploy', 'llama_chute:chute', '--accept-fee'], 'y\n');
    expect(deployed.code, deployed.out).toBe(0);
    const chuteId = /Successfully deployed chute unsloth\/Llama-3\.2-1B-Instruct chute_id='([0-9a-f-]{36})'/.exec(deployed.out)?.[1];
    expect(chuteId, deployed.out).toBeTruthy();
    // By id: by name the platform user's public chute of the same name wins, as on the server.
    const got = await cli(['chutes', 'get', chuteId!]);
    expect(got.out).toContain('"slug": "demo-unsloth-llama-3-2-1b-instruct"');
    expect(got.out).toMatch(/"standard_template":\s*"vllm"/);
    expect(got.out).toContain(`"revision": "${manifest!.revision}"`);
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
