// chutes-lint with hostile files (issue 8): control characters from sources and names never reach
// the terminal raw; a FIFO is refused instead of hanging; symbolic links are followed, loops end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLintCli, terminalSafe } from '../../../src/core/lint/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'chutes-lint-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

async function run(...args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runLintCli(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), cwd: dir });
  return { code, stdout, stderr };
}

const RAW_CONTROL = /\p{Cc}/u;
const broken = 'from chutes.chute import NodeSelector\nselector = NodeSelector(gpu_count=0)\n';

describe('chutes-lint safety', () => {
  it('escapes ESC and BEL from a source string and from a file name', async () => {
    write('esc/gpus.py', 'from chutes.chute import NodeSelector\nselector = NodeSelector(gpu_count=1, include=["h100\\x1b]0;pwned\\x07", "\u001b[2J\u0007"])\n');
    write('esc/bell\u0007\u001b[31m.py', broken);
    const result = await run('esc');
    const printed = [...result.stdout, ...result.stderr];
    expect(printed.length).toBeGreaterThan(1);
    for (const line of printed) expect(line, JSON.stringify(line)).not.toMatch(RAW_CONTROL);
    expect(printed.join('\n')).toContain('bell\\x07\\x1b[31m.py');
    expect(printed.join('\n')).toContain('\\x1b[2J\\x07');
  });

  it('escapes bidirectional overrides and line separators', () => {
    expect(terminalSafe('a\u202eb\u2028c\td')).toBe('a\\u202eb\\u2028c\\x09d');
  });

  it('refuses a FIFO named on the command line or met in a folder, with a clear error, instead of hanging', async () => {
    mkdirSync(path.join(dir, 'fifo'), { recursive: true });
    const fifo = path.join(dir, 'fifo', 'pipe.py');
    execFileSync('mkfifo', [fifo]);
    write('fifo/ok.py', broken);
    const named = await run('fifo/pipe.py');
    expect(named.code).toBe(2);
    expect(named.stderr).toEqual([`chutes-lint: ${fifo} is not a regular file (a FIFO, socket or device); it was not read`]);
    const walked = await run('fifo');
    expect(walked.code).toBe(2);
    expect(walked.stdout.at(-1)).toBe('1 file checked: 1 error, 0 warnings, 0 infos.');
    expect(walked.stderr).toEqual([`chutes-lint: ${fifo} is not a regular file (a FIFO, socket or device); it was not read`]);
  });

  it('follows symbolically linked files and folders, and a link loop ends', async () => {
    const target = write('elsewhere/real_chute.py', broken);
    mkdirSync(path.join(dir, 'links', 'sub'), { recursive: true });
    symlinkSync(target, path.join(dir, 'links', 'linked.py'));
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'links', 'sub', 'shared'));
    symlinkSync(path.join(dir, 'links'), path.join(dir, 'links', 'sub', 'loop'));
    const result = await run('links');
    expect(result.stdout.filter((l) => l.includes('error'))).toEqual([
      expect.stringMatching(/^links\/linked\.py:2:/),
      expect.stringMatching(/^links\/sub\/shared\/real_chute\.py:2:/),
      '2 files checked: 2 errors, 0 warnings, 0 infos.',
    ]);
    expect(result.code).toBe(1);
  });
});
