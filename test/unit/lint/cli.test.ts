import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runLintCli, USAGE } from '../../../src/core/lint/cli';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function run(args: string[], cwd = root): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runLintCli(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), cwd });
  return { code, stdout, stderr };
}

/** The real command: a Node process running src/lint-cli.ts through tsx. */
function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/lint-cli.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('chutes-lint (spawned)', () => {
  it('prints path:line:col: severity: message [rule], a summary, and exits 1 on errors', async () => {
    const result = await spawnCli(['test/fixtures/chutes/broken/tee.py', 'test/fixtures/chutes/clean/llama.chute.yaml', 'test/fixtures/chutes/guide/05-validator-free-access.py']);
    expect(result.stdout).toBe(
      [
        'test/fixtures/chutes/broken/tee.py:3:9: error: chute has no @chute.cord(...) or @chute.job(...) functions: the server answers 400 ("A chute must define at least one cord() or job() function!"). Expose a function with @chute.cord(public_api_path=...). [chute/no-cords-or-jobs]',
        'test/fixtures/chutes/broken/tee.py:5:10: error: The name "private-TEE-model" contains "TEE" (or ends in "tee" in any case) but tee is not enabled: the server answers 400. Set tee=True (needs the unlimited_dev role today) or rename the chute. [chute/tee-name]',
        'test/fixtures/chutes/broken/tee.py:10:16: error: confidential has no @confidential.cord(...) or @confidential.job(...) functions: the server answers 400 ("A chute must define at least one cord() or job() function!"). Expose a function with @confidential.cord(public_api_path=...). [chute/no-cords-or-jobs]',
        'test/fixtures/chutes/broken/tee.py:15:9: info: tee=True: the server refuses TEE deployments (400, "TEE private deployments are limited at this time") unless your account has the unlimited_dev role. [chute/tee-restricted]',
        '3 files checked: 3 errors, 0 warnings, 1 info.',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });

  it('exits 0 on the clean corpus, and 2 with a clear message for an unreadable path', async () => {
    const clean = await spawnCli(['test/fixtures/chutes/clean']);
    expect(clean).toEqual({ code: 0, stdout: '8 files checked: no problems.\n', stderr: '' });
    const missing = await spawnCli(['test/fixtures/chutes/clean', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`chutes-lint: cannot read ${path.join(root, 'no/such/dir')}: no such file or folder\n`);
  });
});

describe('chutes-lint arguments and folders', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chutes-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  const broken = 'from chutes.chute import NodeSelector\nselector = NodeSelector(gpu_count=0)\n';
  write('app/chute_def.py', broken);
  write('app/helpers.py', 'from .chute_def import selector\nNodeSelector = dict\nx = NodeSelector(gpu_count=0)\n');
  write('app/models/llm.chute.yaml', 'template: vllm\nusername: me\nmodel: org/model\nrevision: "0123456789abcdef0123456789abcdef01234567"\nnode_selector: {gpu_count: 1}\nfoo: 1\n');
  write('app/notes.md', '# not checked');
  write('node_modules/pkg/chute.py', broken);
  write('.git/hooks/x.py', broken);
  write('.venv/lib/site.py', broken);
  write('env38/pyvenv.cfg', 'home = /usr/bin\n');
  write('env38/lib/chute.py', broken);

  it('walks folders, checking only chute definitions and skipping dependencies and hidden folders', async () => {
    const result = await run(['.'], dir);
    expect(result.stdout).toEqual([
      'app/chute_def.py:2:35: error: gpu_count = 0 is out of range (1 to 8): NodeSelector raises a pydantic ValidationError when the module is imported, so `chutes build`/`chutes deploy` stop before anything is sent. [node-selector/invalid-value]',
      'app/models/llm.chute.yaml:6:1: warning: foo is not a manifest field: it is ignored. [manifest/unknown-field]',
      '2 files checked: 1 error, 1 warning, 0 infos.',
    ]);
    expect(result.code).toBe(1);
  });

  it('exits 0 when there are only warnings', async () => {
    expect((await run(['app/models'], dir)).code).toBe(0);
  });

  it('answers usage errors with exit status 2', async () => {
    expect(await run([])).toEqual({ code: 2, stdout: [], stderr: [`chutes-lint: no files or folders given\n\n${USAGE}`] });
    expect((await run(['--fix', 'x.py'])).stderr[0]).toMatch(/^chutes-lint: unknown option --fix\n/);
    const wrongKind = await run(['app/notes.md'], dir);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toEqual([`chutes-lint: ${path.join(dir, 'app/notes.md')} is neither a Python file nor a *.chute.yaml / *.chute.json manifest`]);
    expect(await run(['--help'])).toEqual({ code: 0, stdout: [USAGE], stderr: [] });
  });

  it('checks a named Python file even when it does not import chutes', async () => {
    expect((await run(['app/helpers.py'], dir)).stdout).toEqual(['1 file checked: no problems.']);
  });
});
