// The production bundles as esbuild.mjs makes them (in memory): the eager bundle stays within its
// budget, the heavy parts load lazily, and no source module exists twice at run time.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleExtension, MAIN_BUNDLE_BUDGET, type ExtensionBundles } from '../../../esbuild.mjs';

let bundles: ExtensionBundles;

/** Source modules (repository paths) each lazy bundle carries itself. */
function lazyModules(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [file, output] of Object.entries(bundles.lazy?.metafile.outputs ?? {})) {
    if (!file.endsWith('.js')) continue;
    result.set(path.basename(file, '.js'), Object.keys(output.inputs).filter((input) => input.startsWith('src/')));
  }
  return result;
}

describe('extension bundles (production)', () => {
  beforeAll(async () => {
    bundles = await bundleExtension({ production: true });
  }, 60_000);

  it(`keeps dist/extension.js within ${MAIN_BUNDLE_BUDGET / 1024} KB`, () => {
    expect(bundles.bytes).toBeGreaterThan(1000);
    expect(bundles.bytes).toBeLessThanOrEqual(MAIN_BUNDLE_BUDGET);
  });

  it('loads the lint engine and the API client on first use, not at activation', () => {
    expect(bundles.lazyEntries).toEqual(expect.arrayContaining(['core-lint', 'core-api-client']));
    expect([...bundles.mainModules].filter((m) => m.startsWith('src/core/lint/') || m === 'src/core/api/client.ts')).toEqual([]);
  });

  it('keeps the singletons (log, settings, lifecycle) in the main bundle only', () => {
    for (const singleton of ['src/shared/log.ts', 'src/shared/settings.ts', 'src/shared/lifecycle.ts']) {
      expect(bundles.mainModules.has(singleton)).toBe(true);
      for (const [name, modules] of lazyModules()) expect(modules, name).not.toContain(singleton);
    }
  });

  it('never bundles a module of the main bundle again: lazy bundles borrow it', () => {
    const lazy = lazyModules();
    expect(lazy.size).toBeGreaterThan(0);
    for (const [name, modules] of lazy) {
      expect(modules.filter((m) => bundles.mainModules.has(m)), name).toEqual([]);
    }
    // What is borrowed is in main and handed over through its registry.
    expect(bundles.borrowed.size).toBeGreaterThan(0);
    for (const module of bundles.borrowed) expect(bundles.mainModules.has(module)).toBe(true);
    const mainText = bundles.main.outputFiles?.find((f) => f.path.endsWith('extension.js'))?.text ?? '';
    for (const module of bundles.borrowed) expect(mainText).toContain(JSON.stringify(module));
  });

  it('never carries a source module in two lazy bundles (it would exist twice at run time)', () => {
    const owners = new Map<string, string[]>();
    for (const [name, modules] of lazyModules()) for (const m of modules) owners.set(m, [...(owners.get(m) ?? []), name]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it('loads every lazy bundle with require(), sharing the extension host\'s module cache', () => {
    const texts = [...(bundles.main.outputFiles ?? []), ...(bundles.lazy?.outputFiles ?? [])].map((f) => f.text);
    for (const text of texts) expect(text).not.toMatch(/\bimport\(/);
    const all = texts.join('\n');
    for (const name of bundles.lazyEntries) expect(all).toMatch(new RegExp(`require\\("\\./(lazy/)?${name}\\.js"\\)`));
  });
});
