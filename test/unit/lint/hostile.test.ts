// The hostile inputs of issue 10, size-scaled: each is checked at n and 4n, asserting what is
// reported and that the work (tokens visited, characters scanned, lookups; see workMeter) grows
// linearly, not how long it took. Regexes cannot be metered: for them the test shows that the
// dangerous pattern is never run (length limits first) or that the result comes back at all.
import { describe, expect, it } from 'vitest';
import { lintManifest, lintPython, type Diagnostic } from '../../../src/core/lint';
import { workMeter } from '../../../src/core/python/workMeter';
import { HOSTILE_INPUTS, type HostileInput } from '../../support/hostile';

async function check(input: HostileInput, n: number): Promise<{ diagnostics: Diagnostic[]; steps: number; length: number }> {
  const text = input.make(n);
  const before = workMeter.steps;
  const diagnostics = input.kind === 'python' ? await lintPython(text) : await lintManifest(text, input.kind);
  return { diagnostics, steps: workMeter.steps - before, length: text.length };
}

/** Rule ids with their counts, e.g. "cord/no-public-api-path×300". */
function summary(diagnostics: readonly Diagnostic[]): string[] {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
  return [...counts].map(([rule, count]) => `${rule}×${count}`).sort();
}

const input = (name: string): HostileInput => HOSTILE_INPUTS.find((i) => i.name === name)!;

/** What each input must report at size n. */
const EXPECTED: Record<string, (n: number) => string[]> = {
  brackets: () => [],
  // Every stacked cord takes the path /f from the function: all but the first are duplicates.
  'cord decorators': (n) => [`cord/duplicate-path×${n - 1}`, `cord/no-public-api-path×${n}`],
  'class decorators': (n) => [`chute/class-decorator×${n}`],
  'selector bindings': (n) => [`chute/no-cords-or-jobs×${n}`],
  'spaces before a continuation': () => ['chute/missing-node-selector×1', 'chute/no-cords-or-jobs×1'],
  'long chute name': () => ['chute/invalid-value×1', 'chute/no-cords-or-jobs×1'],
  'long cord paths': () => ['cord/invalid-value×3'],
  'long GPU id': () => ['node-selector/unknown-gpu×1'],
  'YAML anchors and aliases': () => ['manifest/unknown-field×1', 'template/missing-revision×1'],
  'huge include list (Python)': (n) => [`node-selector/unknown-gpu×${n / 2}`],
  'huge include list (JSON)': (n) => [`node-selector/unknown-gpu×${n / 2}`],
};

describe('hostile inputs: linear work, the right result', () => {
  for (const hostile of HOSTILE_INPUTS) {
    it(hostile.name, async () => {
      // Steps are exact counts, so a twentieth of the reported size already shows the growth.
      const n = hostile.size / 20;
      const small = await check(hostile, n);
      const large = await check(hostile, 4 * n);
      expect(summary(small.diagnostics)).toEqual(EXPECTED[hostile.name]!(n));
      expect(summary(large.diagnostics)).toEqual(EXPECTED[hostile.name]!(4 * n));
      // Linear: 4x the input takes at most ~4x the steps (a quadratic pass would take 16x)...
      expect(large.steps / small.steps).toBeLessThanOrEqual(4.6);
      // ...and a bounded number of steps per character of input.
      expect(large.steps).toBeLessThanOrEqual(8 * large.length);
    }, 180_000);
  }

  it('a chute name far over its limit is reported for its length, its pattern never run', async () => {
    const d = (await check(input('long chute name'), 40_000)).diagnostics.find((x) => x.rule === 'chute/invalid-value');
    expect(d!.message).toMatch(/^name is 80001 characters long \(at least 3 characters, at most 127 characters\)/);
  });

  it('whitespace before a line continuation is scanned once, and the fix still lands after the argument', async () => {
    const d = (await check(input('spaces before a continuation'), 60_000)).diagnostics.find((x) => x.rule === 'chute/missing-node-selector');
    expect(d!.fixes?.[0]?.edits[0]?.newText).toBe(', node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24)');
  });

  it('a 30k-digit GPU id gets no suggestion search', async () => {
    const [d] = (await check(input('long GPU id'), 30_000)).diagnostics;
    expect(d!.fixes).toBeUndefined();
    expect(d!.message).toMatch(/is not a GPU id of the platform: the server rejects the deploy/);
  });

  it('150k include entries at full size: every bad entry reported, no stack overflow', async () => {
    for (const name of ['huge include list (Python)', 'huge include list (JSON)']) {
      const { diagnostics } = await check(input(name), 150_000);
      expect(diagnostics.length).toBe(75_000);
    }
  }, 300_000);
});
