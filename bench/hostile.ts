// The hostile inputs of issue 10 (test/support/hostile.ts): for each, the time for 4x the input
// over the time for 1x (linear is about 4x, quadratic 16x); then the longest main-thread stall of
// the real extension host while a 5 MB chute file is re-checked after an edit, beside the stall
// of the same edit to a document that is not checked. Ratios first, absolute numbers as context.
import { lintManifest, lintPython } from '../src/core/lint';
import { HOSTILE_INPUTS, type HostileInput } from '../test/support/hostile';
import { measureHostStall } from './extensionHost';

/** Linear work gives ~4x; the target. */
const MAX_GROWTH = 5;
const MAX_STALL_MS = 50;

/** Makes every timed text new: the engine keeps the last module it read. */
let round = 0;

/** Fastest of the rounds: the least disturbed by other work on a shared machine. */
async function timeOf(input: HostileInput, n: number, rounds: number): Promise<number> {
  const text = input.make(n);
  const times: number[] = [];
  for (let i = 0; i < rounds || times.reduce((a, b) => a + b, 0) < 0.2; i++) {
    // Collect the previous round's garbage first (npm run bench runs with --expose-gc), so each
    // round pays only for its own allocations.
    (globalThis as { gc?: () => void }).gc?.();
    const start = process.hrtime.bigint();
    const unique = `${text}# round ${round++}\n`;
    if (input.kind === 'python') await lintPython(unique);
    else await lintManifest(unique, input.kind);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return Math.min(...times);
}

/** Returns false when a target is missed. */
export async function benchHostile(): Promise<boolean> {
  let ok = true;
  console.log('Hostile inputs: time for 4x the input / time for 1x (linear ~4x, target <= 5x)');
  for (const input of HOSTILE_INPUTS) {
    // 1x is the size the issue reported, unless that takes over a second (then 4x is that size).
    const n = (await timeOf(input, input.size, 1)) > 1 ? input.size / 4 : input.size;
    const small = await timeOf(input, n, 3);
    const large = await timeOf(input, 4 * n, 3);
    const ratio = large / small;
    if (ratio > MAX_GROWTH) ok = false;
    console.log(`  ${input.name}: ${ratio.toFixed(2)}x${ratio > MAX_GROWTH ? '  OVER TARGET' : ''}  (1x ${(small * 1000).toFixed(1)} ms, 4x ${(large * 1000).toFixed(1)} ms)`);
  }
  const stall = await measureHostStall();
  const over = stall.chuteStallMs > MAX_STALL_MS;
  if (over) ok = false;
  console.log(
    `Extension host, ${(stall.bytes / 1024 / 1024).toFixed(1)} MB chute file re-checked after an edit: longest main-thread stall ${stall.chuteStallMs.toFixed(1)} ms (target <= ${MAX_STALL_MS} ms)${over ? '  OVER TARGET' : ''}; same edit to an unchecked document ${stall.baselineStallMs.toFixed(1)} ms; check took ${stall.checkMs.toFixed(0)} ms off the main thread`,
  );
  return ok;
}
