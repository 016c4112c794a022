// The .vsix that users install: small, and holding only what an installed extension uses (the
// .vscodeignore allow-list), checked on the packaged file itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../harness/paths';

// What may be in the package, as patterns over the paths inside it.
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/i,
  /^extension\/media\/[\w-]+\.(png|svg)$/,
  /^extension\/media\/walkthrough\/[\w-]+\.md$/,
  /^extension\/dist\/(extension|lint-worker)\.js$/,
  /^extension\/dist\/(lazy|vendor|webview)\/[\w-]+\.(js|css)$/,
  /^extension\/(schemas|snippets)\/[\w.-]+\.json$/,
];

function vsixEntries(vsix: string): string[] {
  const list = 'import sys, zipfile\nprint("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', list, vsix], { encoding: 'utf8' }).trim().split('\n');
}

/** Files of the package that something uses: package.json's contributions, then what they reach. */
function usedFiles(files: Map<string, string>): Set<string> {
  const manifest = JSON.parse(files.get('package.json')!);
  const used = new Set<string>(['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt']);
  const contributed = [
    manifest.main,
    manifest.icon,
    ...Object.values(manifest.contributes.viewsContainers ?? {}).flat().map((c) => (c as { icon: string }).icon),
    ...(manifest.contributes.snippets ?? []).map((s: { path: string }) => s.path),
    ...(manifest.contributes.jsonValidation ?? []).map((s: { url: string }) => s.url),
    ...(manifest.contributes.yamlValidation ?? []).map((s: { url: string }) => s.url),
    ...(manifest.contributes.walkthroughs ?? []).flatMap((w: { steps: Array<{ media: Record<string, unknown> }> }) =>
      w.steps.flatMap((step) => Object.values(step.media).filter((m): m is string => typeof m === 'string')),
    ),
  ];
  const queue = contributed.map((p: string) => path.posix.normalize(p));
  while (queue.length) {
    const file = queue.pop()!;
    if (used.has(file) || !files.has(file)) continue;
    used.add(file);
    const text = files.get(file)!;
    const dir = path.posix.dirname(file);
    if (file.endsWith('.js')) {
      // Bundles reach each other with require("./x.js"); webview bundles and media are named by file name.
      for (const [, ref] of text.matchAll(/require\("(\.{1,2}\/[\w/.-]+\.js)"\)/g)) queue.push(path.posix.join(dir, ref));
      for (const other of files.keys()) {
        if (/^(dist\/webview\/|dist\/lint-worker\.js$|media\/)/.test(other) && text.includes(path.posix.basename(other))) queue.push(other);
      }
    }
    if (file.endsWith('.schema.json')) {
      for (const [, ref] of text.matchAll(/"\$ref":\s*"([\w.-]+\.json)/g)) queue.push(path.posix.join(dir, ref));
    }
  }
  return used;
}

test('the packaged extension is under 1 MB and ships only allowed files that something uses', () => {
  const vsix = process.env.CHUTES_TEST_VSIX;
  assert.ok(vsix, 'npm test packages the extension and passes CHUTES_TEST_VSIX');
  const size = statSync(vsix).size;
  assert.ok(size < 1024 * 1024, `the .vsix is ${size} bytes`);

  const entries = vsixEntries(vsix);
  assert.ok(entries.includes('extension/dist/extension.js'));
  assert.ok(entries.includes('extension/dist/lint-worker.js'), 'the check worker for large documents ships');
  assert.ok(entries.includes('extension/media/icon.png'));
  assert.deepEqual(entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry))), [], 'outside the allow-list');

  const shipped = new Map(
    entries
      .filter((entry) => entry.startsWith('extension/'))
      .map((entry) => {
        const file = entry.slice('extension/'.length);
        return [file, readFileSync(path.join(projectRoot, file.replace(/^LICENSE\.txt$/, 'LICENSE').replace(/^readme\.md$/i, 'README.md').replace(/^changelog\.md$/i, 'CHANGELOG.md')), 'utf8')];
      }),
  );
  const used = usedFiles(shipped);
  assert.deepEqual([...shipped.keys()].filter((file) => !used.has(file)), [], 'shipped but used by nothing');
});

test('the eager bundle dist/extension.js of the package is at most 100 KB', () => {
  const size = statSync(path.join(projectRoot, 'dist', 'extension.js')).size;
  assert.ok(size <= 100 * 1024, `dist/extension.js is ${size} bytes`);
});
