// The pure parts of src/core/cli: chute references, definitions found in Python, CLI output
// parsing (texts captured from the real CLI), the credentials plan and locating the executable.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertChuteRef, chuteRefFor } from '../../../src/core/cli/chuteRef';
import { cliApiUrl, planCliConfig } from '../../../src/core/cli/cliConfig';
import { findChuteDefinitions } from '../../../src/core/cli/definitions';
import { isMissing, locateCli } from '../../../src/core/cli/locate';
import {
  alreadyDeployed,
  deployedChute,
  errorMessages,
  feeAmount,
  feeNotice,
  imageExists,
  parseLine,
  pendingPrompt,
  standardImage,
  unavailableImage,
  uploadedImageId,
} from '../../../src/core/cli/output';

describe('chute references', () => {
  it('accepts module:variable and refuses anything a shell or the CLI would misread', () => {
    expect(assertChuteRef('my_echo:chute')).toBe('my_echo:chute');
    for (const bad of ['my-echo:chute', 'echo', ':chute', 'echo:c', 'echo:chute;rm -rf /', '1echo:chute', 'echo:chute --accept-fee', '../x:chute']) {
      expect(() => assertChuteRef(bad), bad).toThrow(/not a chute reference/);
    }
  });

  it('derives the reference from the file name, and says when the CLI cannot import that file', () => {
    expect(chuteRefFor('/w/chutes/my_echo.py', 'chute')).toBe('my_echo:chute');
    expect(() => chuteRefFor('/w/my-echo.py', 'chute')).toThrow(/cannot load my-echo\.py/);
    expect(() => chuteRefFor('/w/echo.txt', 'chute')).toThrow(/cannot load/);
  });
});

describe('chute definitions in Python', () => {
  const source = [
    'from chutes.chute import Chute, NodeSelector',
    'from chutes.image import Image',
    'from chutes.chute.template.vllm import build_vllm_chute',
    'image = Image(username="demo", name="my-image", tag="0.1").from_base("parachutes/python:3.12")',
    'chute = Chute(username="demo", name="my-echo", image=image, node_selector=NodeSelector(gpu_count=1))',
    'llm = build_vllm_chute(username="demo", model_name="unsloth/Llama-3.2-1B-Instruct", node_selector=NodeSelector(gpu_count=1))',
    'pinned = Chute("demo", "pinned", "chutes/sglang:0.4", node_selector=NodeSelector(gpu_count=1))',
    'odd = Chute(username="demo", name="odd", image=make_image(), node_selector=NodeSelector(gpu_count=1))',
    'def factory():',
    '    inner = Chute(username="demo", name="inner", image=image)',
    '    return inner',
    '',
  ].join('\n');

  it('finds module-level Chute(...) and build_*_chute(...) assignments with their images and lines', () => {
    expect(findChuteDefinitions(source)).toEqual([
      { variable: 'chute', builder: 'Chute', name: 'my-echo', line: 4, image: { kind: 'custom', ref: 'demo/my-image:0.1' } },
      { variable: 'llm', builder: 'build_vllm_chute', name: 'unsloth/Llama-3.2-1B-Instruct', line: 5, image: { kind: 'standard' } },
      { variable: 'pinned', builder: 'Chute', name: 'pinned', line: 6, image: { kind: 'standard', ref: 'chutes/sglang:0.4' } },
      { variable: 'odd', builder: 'Chute', name: 'odd', line: 7, image: { kind: 'unknown' } },
    ]);
  });

  it('finds nothing in files without chutes, and survives half-typed code', () => {
    expect(findChuteDefinitions('print("hello")\n')).toEqual([]);
    expect(findChuteDefinitions('chute = Chute(username="demo", name=')).toEqual([
      expect.objectContaining({ variable: 'chute', builder: 'Chute', image: { kind: 'unknown' } }),
    ]);
  });
});

describe('CLI output', () => {
  // Lines as the real CLI 0.6.9 prints them against the emulator (test/unit/cli/chutesCli.test.ts).
  const log = (level: string, message: string) => `2026-12-02 04:39:57.478 | ${level.padEnd(8)} | chutes.entrypoint.deploy:_deploy:95 - ${message}`;
  const id = 'd211054e-b7be-5476-b61b-8105a8f6c867';
  const version = '5c3e7a1e-2b61-5a3a-8b0e-6f0f3d7d9a10';

  it('reads loguru lines and plain prints', () => {
    expect(parseLine(log('INFO', 'hello'))).toEqual({ level: 'INFO', message: 'hello' });
    expect(parseLine('\u001b[1mStep 1/2 : FROM x\u001b[0m\r')).toEqual({ message: 'Step 1/2 : FROM x' });
  });

  it('finds the uploaded image, the deployed chute, the fee notice, the 409 and the CLI refusals', () => {
    expect(uploadedImageId(log('INFO', `Uploaded image package: image_id=${id}, build will run async`))).toBe(id);
    expect(deployedChute(log('SUCCESS', `Successfully deployed chute my-echo chute_id='${id}' version=${version} invocations will be available soon!`))).toEqual({
      name: 'my-echo',
      chuteId: id,
      version,
    });
    // The server's 402 detail as the CLI logs it: four lines.
    const notice = [
      'DEPLOYMENT FEE NOTICE:',
      '===',
      'There is a deployment fee of (hourly price per GPU * number of GPUs * 3), which for this configuration is: $0.75',
      'To acknowledge this fee, ensure you have chutes>=0.3.23 and re-run the deployment command with `--accept-fee`',
    ].join('\n');
    expect(feeNotice(`${log('INFO', 'x')}\n${log('ERROR', notice.replace('\nTo', '\n To'))}\n${log('INFO', 'after')}\n`)).toBe(notice);
    expect(feeAmount(notice)).toBe('0.75');
    expect(alreadyDeployed(log('ERROR', `Chute with name=my-echo, version='${version}' and public=False already exists`))).toEqual({ name: 'my-echo', version });
    expect(unavailableImage(log('ERROR', `Image '${id}' is not available to be used (yet)!`))).toBe(id);
    expect(standardImage(log('ERROR', "You appear to be using a pre-defined/standard image 'chutes/vllm:0.9', no need to build anything!"))).toBe('chutes/vllm:0.9');
    expect(imageExists(log('ERROR', 'Image with name=my-image and tag=0.1 already exists!'))).toBe(true);
  });

  it('collects errors and the last line of a traceback', () => {
    const output = [log('ERROR', 'first'), '', '╭──── Traceback (most recent call last) ────', '│ File "x.py", line 1', '╰────', 'NotConfigured: Please set CHUTES_CONFIG_PATH'].join('\n');
    expect(errorMessages(output)).toEqual(['first', 'NotConfigured: Please set CHUTES_CONFIG_PATH']);
  });

  it('recognises a y/n prompt only at the end of an unfinished line', () => {
    expect(pendingPrompt('\u001b[1m\u001b[4mConfirm submitting build context? (y/n) \u001b[0m')).toBe('Confirm submitting build context? (y/n)');
    expect(pendingPrompt('Found 0 files')).toBeUndefined();
  });

  it('returns nothing for garbage', () => {
    const garbage = '\u0000\u001b[31m}{ not output';
    for (const parse of [uploadedImageId, deployedChute, feeNotice, alreadyDeployed, unavailableImage, standardImage]) expect(parse(garbage)).toBeUndefined();
    expect(errorMessages(garbage)).toEqual([]);
  });
});

describe('credentials and platform the CLI gets', () => {
  const auth = '[auth]\nusername = demo\nuser_id = u\nhotkey_seed = ' + 'ab'.repeat(32) + '\nhotkey_name = default\nhotkey_ss58address = 5X\n';
  const input = { file: '/home/me/.chutes/config.ini', apiUrl: 'http://127.0.0.1:8787', platform: 'linux' as const };

  it('points the CLI at the user\'s own file and passes the platform in CHUTES_API_URL when the file names none', () => {
    expect(planCliConfig({ ...input, text: auth })).toEqual({
      env: { CHUTES_CONFIG_PATH: '/home/me/.chutes/config.ini', CHUTES_API_URL: 'http://127.0.0.1:8787' },
    });
    expect(planCliConfig({ ...input, text: `[api]\nbase_url = http://127.0.0.1:8787/\n${auth}` }).pipe).toBeUndefined();
  });

  it('hands the same text minus [api] base_url through a pipe when the file names another platform', () => {
    const text = `[api]\nbase_url = https://api.chutes.ai\n  continued\nother = 1\n${auth}[payment]\nbase_url = kept\n`;
    const plan = planCliConfig({ ...input, text });
    expect(plan.env).toEqual({ CHUTES_API_URL: 'http://127.0.0.1:8787' });
    expect(plan.pipe).toBe(`[api]\nother = 1\n${auth}[payment]\nbase_url = kept\n`);
  });

  it('refuses clearly without a file, without [auth], or on Windows with another platform in the file', () => {
    expect(() => planCliConfig({ ...input, text: undefined })).toThrow(/No Chutes config at .*an API key cannot be used by the CLI/);
    expect(() => planCliConfig({ ...input, text: '[auth]\nusername = demo\n' })).toThrow(/lacks user_id.*hotkey/);
    expect(() => planCliConfig({ ...input, platform: 'win32', text: `[api]\nbase_url = https://api.chutes.ai\n${auth}` })).toThrow(/Remove that line/);
    try {
      planCliConfig({ ...input, text: '[auth]\nhotkey_seed = ' + 'cd'.repeat(32) + '\n' });
    } catch (error) {
      expect((error as Error).message).not.toContain('cd'.repeat(32));
    }
  });

  it('uses the connect-to address, since the CLI cannot keep a Host header', () => {
    expect(cliApiUrl('http://api.chutes.test', '127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(cliApiUrl('https://api.chutes.ai/', '')).toBe('https://api.chutes.ai');
    expect(cliApiUrl('https://api.chutes.ai', 'https://proxy.local:8443/')).toBe('https://proxy.local:8443');
  });
});

describe('locating the CLI', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'chutes-locate-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const script = (dir: string, name: string, body = '#!/opt/py/bin/python3\nprint()\n') => {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    writeFileSync(file, body);
    chmodSync(file, 0o755);
    return file;
  };
  const venv = path.join(root, 'venv', 'bin');
  const onPath = path.join(root, 'path-bin');
  script(venv, 'python3', '');
  const venvCli = script(venv, 'chutes');
  const pathCli = script(onPath, 'chutes');
  const env = { PATH: [path.join(root, 'nothing'), onPath].join(':') };

  it('prefers the setting, then the selected interpreter\'s environment, then PATH', async () => {
    expect(await locateCli({ setting: pathCli, python: path.join(venv, 'python3'), env, platform: 'linux' })).toEqual({
      source: 'setting',
      executable: pathCli,
      python: '/opt/py/bin/python3',
    });
    expect(await locateCli({ setting: '', python: path.join(venv, 'python3'), env, platform: 'linux' })).toEqual({
      source: 'python',
      executable: venvCli,
      python: path.join(venv, 'python3'),
    });
    expect(await locateCli({ setting: '', env, platform: 'linux' })).toMatchObject({ source: 'path', executable: pathCli });
  });

  it('says why when nothing is found, and keeps the selected interpreter for the install offer', async () => {
    const python = path.join(root, 'bare', 'python3');
    script(path.dirname(python), 'python3', '');
    const missing = await locateCli({ setting: '', python, env: { PATH: path.join(root, 'nothing') }, platform: 'linux' });
    expect(isMissing(missing) && missing).toEqual({ reason: expect.stringMatching(/not installed in the selected Python environment/), python });
    const wrongSetting = await locateCli({ setting: path.join(root, 'nope'), env, platform: 'linux' });
    expect(isMissing(wrongSetting) && wrongSetting.reason).toMatch(/chutes\.cliPath setting points at .*nope, which is not an executable file/);
    const notExecutable = path.join(root, 'plain');
    writeFileSync(notExecutable, '');
    expect(isMissing(await locateCli({ setting: notExecutable, env, platform: 'linux' }))).toBe(true);
  });
});
