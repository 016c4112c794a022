// runCli with the real chutes CLI against the emulator: config through a named pipe, y/n questions
// answered, lines as they come, and Cancel ending the whole process tree within a second.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator';
import { planCliConfig } from '../../../src/core/cli/cliConfig';
import { processAlive, runCli } from '../../../src/core/cli/process';
import { uploadedImageId } from '../../../src/core/cli/output';
import { missingPython, venvBin } from '../../support/python';

const skip = missingPython('chutes');
if (skip && process.env.CI) throw new Error(`CI must run the real chutes CLI: ${skip}`);

describe.skipIf(skip)('runCli with the real chutes CLI', { timeout: 120_000 }, () => {
  let emulator: RunningEmulator;
  let dir: string;
  let configText: string;

  beforeAll(async () => {
    // Long builds, so a cancel lands while the image is still building.
    emulator = await startEmulator({ port: 0, seed: 'demo', buildDurationMs: 60_000 });
    const demo = emulator.demo!;
    dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-run-'));
    // The user's file names the real platform: the CLI must still reach the emulator, through the pipe.
    configText = `[api]\nbase_url = https://api.chutes.ai\n[auth]\nusername = demo\nuser_id = ${demo.userId}\nhotkey_seed = ${demo.hotkeySeed}\nhotkey_name = default\nhotkey_ss58address = ${demo.hotkeySs58}\n`;
    writeFileSync(path.join(dir, 'config.ini'), configText);
    writeFileSync(
      path.join(dir, 'slow_echo.py'),
      [
        'from chutes.chute import Chute, NodeSelector',
        'from chutes.image import Image',
        'image = Image(username="demo", name="slow-image", tag="0.1").from_base("parachutes/python:3.12")',
        'chute = Chute(username="demo", name="slow-echo", image=image, node_selector=NodeSelector(gpu_count=1))',
        '@chute.cord(public_api_path="/echo", public_api_method="POST")',
        'async def echo(self, text: str) -> str:',
        '    return text',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the config from the pipe, answers the context prompt, and is cancelled within a second with its tree', async () => {
    const plan = planCliConfig({ file: path.join(dir, 'config.ini'), text: configText, apiUrl: emulator.url, platform: process.platform });
    expect(plan.pipe).toBeDefined();
    const abort = new AbortController();
    const prompts: string[] = [];
    const lines: string[] = [];
    let cancelledAt = 0;
    const result = await runCli(venvBin('chutes'), ['build', 'slow_echo:chute', '--wait'], {
      cwd: dir,
      env: { ...process.env, ...plan.env },
      pipe: plan.pipe,
      signal: abort.signal,
      onPrompt: async (prompt) => {
        prompts.push(prompt);
        return 'y';
      },
      onLine: (line) => {
        lines.push(line);
        if (uploadedImageId(line) && !cancelledAt) {
          cancelledAt = Date.now();
          abort.abort();
        }
      },
    });
    const exitedAfter = Date.now() - cancelledAt;
    expect(prompts).toEqual(['Confirm submitting build context? (y/n)']);
    const fifo = /Loading chutes config from (\S+config\.ini)\.\.\./.exec(lines.join('\n'))?.[1];
    expect(fifo).toContain(os.tmpdir());
    expect(existsSync(fifo!), 'the pipe and its folder are gone').toBe(false);
    expect(result.cancelled).toBe(true);
    expect(exitedAfter).toBeLessThan(1000);
    expect(processAlive(result.pid!)).toBe(false);
    // The upload reached the emulator named by CHUTES_API_URL, not the file's base_url.
    const image = await fetch(`${emulator.url}/images/`, { headers: { Authorization: emulator.demo!.apiKey } }).then((r) => r.json());
    expect(image.items.find((i: { name: string }) => i.name === 'slow-image')?.status).toMatch(/pending build|building/);
  });

  it('kills grandchildren too: the process group goes, not only the first process', async () => {
    const abort = new AbortController();
    let grandchild = 0;
    const script = 'import subprocess,sys,time\np=subprocess.Popen(["sleep","30"])\nprint(p.pid, flush=True)\ntime.sleep(30)\n';
    const result = await runCli(venvBin('python'), ['-c', script], {
      cwd: dir,
      env: process.env,
      signal: abort.signal,
      onLine: (line) => {
        grandchild = Number(line);
        abort.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(grandchild).toBeGreaterThan(0);
    await expect.poll(() => processAlive(grandchild), { timeout: 1000 }).toBe(false);
  });

  it('reports a missing executable as an error, not a hang', async () => {
    await expect(runCli(path.join(dir, 'no-such-chutes'), ['--help'], { cwd: dir, env: process.env })).rejects.toThrow(/Cannot run .*no-such-chutes: .*ENOENT/);
  });
});
