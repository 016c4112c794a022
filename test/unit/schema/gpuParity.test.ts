// The emulator (standing in for the server) and the editor's hover/lint engine each implement the
// server's GPU selection and pricing (reference §3.3). They are kept apart on purpose, as two
// readings of the same spec, and this test holds them to the same answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as server from '../../../emulator/gpu';
import { GPUS, priceSelector, supportedGpus } from '../../../src/core/schema/gpus';

const ids = GPUS.map((g) => g.id);

describe('GPU selection and pricing: editor engine and emulator agree', () => {
  it('have the same GPU table', () => {
    expect(Object.keys(server.GPUS).sort()).toEqual([...ids].sort());
    for (const gpu of GPUS) {
      expect(server.GPUS[gpu.id], gpu.id).toEqual({ memory: gpu.vramGb, hourly: gpu.hourlyUsd });
    }
  });

  it('select the same GPUs and price them the same for any selector', () => {
    const selector = fc.record({
      gpu_count: fc.integer({ min: 1, max: 8 }),
      min_vram_gb_per_gpu: fc.integer({ min: 16, max: 140 }),
      max_hourly_price_per_gpu: fc.option(fc.double({ min: 0.05, max: 9.99, noNaN: true }), { nil: null }),
      include: fc.option(fc.subarray(ids, { minLength: 1 }), { nil: null }),
      exclude: fc.option(fc.subarray(ids, { maxLength: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(selector, (sel) => {
        const ours = supportedGpus(sel).map((g) => g.id).sort();
        expect(ours).toEqual(server.supportedGpus({ ...sel, dynamic: false }));
        const price = priceSelector(sel);
        const theirs = server.estimatedPrice({ ...sel, dynamic: false });
        if (!price || !theirs) {
          expect(price).toBe(theirs);
        } else {
          expect(price.hourlyUsd).toBeCloseTo(theirs.usd.hour, 9);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
