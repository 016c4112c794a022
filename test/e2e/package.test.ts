// The .vsix that users install: small, and holding only what runs (the .vscodeignore allow-list).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { projectRoot } from '../harness/paths';

test('the packaged extension is under 1 MB and ships no sources, tests, maps or node_modules', () => {
  const vsix = process.env.CHUTES_TEST_VSIX;
  assert.ok(vsix, 'npm test packages the extension and passes CHUTES_TEST_VSIX');
  const size = statSync(vsix).size;
  assert.ok(size < 1024 * 1024, `the .vsix is ${size} bytes`);

  const files = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: projectRoot, encoding: 'utf8' })
    .trim()
    .split('\n');
  assert.ok(files.includes('dist/extension.js'));
  assert.ok(files.includes('dist/lint-worker.js'), 'the check worker for large documents ships');
  assert.ok(files.includes('media/icon.png'));
  const unwanted = files.filter((f) => /(^|\/)(node_modules|src|test|emulator|bench|scripts)\/|\.map$|\.ts$/.test(f));
  assert.deepEqual(unwanted, []);
});
