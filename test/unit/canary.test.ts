// The harness's canary search (test/harness/canary.ts) must be able to fail: a planted key is found.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeyProblem } from '../../src/core/auth/apiKey';
import { canaryApiKey, findCanary } from '../harness/canary';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('canary API key', () => {
  it('is a well-formed key, different every time', () => {
    const key = canaryApiKey();
    expect(apiKeyProblem(key)).toBeUndefined();
    expect(canaryApiKey()).not.toBe(key);
  });

  it('is found in nested files, in binary files, by its secret tail alone, and in named texts', () => {
    const key = canaryApiKey();
    const root = mkdtempSync(path.join(os.tmpdir(), 'canary-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(root, 'a', 'b', 'state.vscdb'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(key), Buffer.from([0])]));
    writeFileSync(path.join(root, 'a', 'log.txt'), `token cpk_<redacted> tail ${key.slice(-32)}`);
    writeFileSync(path.join(root, 'clean.txt'), 'cpk_<redacted>');
    symlinkSync('/etc/hostname', path.join(root, 'link'));
    expect(findCanary(key, [root], { output: `x ${key} y`, other: 'nothing' }).sort()).toEqual(
      ['output', path.join(root, 'a', 'b', 'state.vscdb'), path.join(root, 'a', 'log.txt')].sort(),
    );
    expect(findCanary(key, [path.join(root, 'clean.txt'), path.join(root, 'missing')], {})).toEqual([]);
  });
});
