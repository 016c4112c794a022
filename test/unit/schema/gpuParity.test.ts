// One source of truth for the GPU table and the NodeSelector limits (src/core/schema/platform.json):
// the editor engine and the emulator read it; the contributed JSON schema cannot import it, so this
// test holds the schema to it. The selection and pricing algorithms stay two readings of the same
// spec (docs/platform.md §3.3 and §8), and are held to the same answers here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as server from '../../../emulator/gpu';
import nodeSelectorSchema from '../../../schemas/node-selector.schema.json';
import platform from '../../../src/core/schema/platform.json';
import { ALLOW_INCLUDE, CONSUMER_GPUS, GPUS, MAX_GPU_PRICE_DELTA, priceSelector, supportedGpus } from '../../../src/core/schema/gpus';

const ids = GPUS.map((g) => g.id);

describe('one GPU table and one set of NodeSelector limits', () => {
  it('the editor engine and the emulator read the same data', () => {
    expect(ids).toEqual(platform.gpus.map((g) => g.id));
    expect([...server.GPUS.keys()]).toEqual(ids);
    for (const gpu of GPUS) expect(server.GPUS.get(gpu.id), gpu.id).toEqual({ memory: gpu.vramGb, hourly: gpu.hourlyUsd });
    expect(server.ALLOW_INCLUDE).toEqual(ALLOW_INCLUDE);
    expect(server.CONSUMER_GPUS).toEqual(CONSUMER_GPUS);
    expect(server.MAX_GPU_PRICE_DELTA).toBe(MAX_GPU_PRICE_DELTA);
    expect(server.COMPUTE_UNIT_PRICE_BASIS).toBe(platform.computeUnitPriceBasis);
  });

  it('the JSON schema lists the same GPU ids and limits', () => {
    expect(nodeSelectorSchema.definitions.gpuId.enum).toEqual(ids);
    const { properties } = nodeSelectorSchema;
    for (const field of ['gpu_count', 'min_vram_gb_per_gpu'] as const) {
      const limits = platform.nodeSelector[field];
      expect({ minimum: properties[field].minimum, maximum: properties[field].maximum, default: properties[field].default }, field).toEqual(limits);
    }
    expect(properties.exclude.maxItems).toBe(platform.nodeSelector.exclude.maxItems);
    expect(server.SELECTOR_LIMITS).toBe(platform.nodeSelector);
  });

  it('GPU lookups use own properties only', () => {
    expect(server.GPUS.has('constructor')).toBe(false);
    expect(supportedGpus({ include: ['constructor', '__proto__'] })).toEqual([]);
    expect(server.supportedGpus({ gpu_count: 1, min_vram_gb_per_gpu: 16, include: ['constructor'], exclude: null, dynamic: false })).toEqual([]);
  });
});

describe('GPU selection and pricing: editor engine and emulator agree', () => {
  it('select the same GPUs and price them the same for any selector', () => {
    const selector = fc.record({
      gpu_count: fc.integer({ min: 1, max: 8 }),
      min_vram_gb_per_gpu: fc.integer({ min: 16, max: 140 }),
      include: fc.option(fc.subarray(ids, { minLength: 1 }), { nil: null }),
      exclude: fc.option(fc.subarray(ids, { maxLength: 5 }), { nil: null }),
    });
    fc.assert(
      fc.property(selector, fc.option(fc.double({ min: 0.05, max: 9.99, noNaN: true }), { nil: null }), (sel, maxPrice) => {
        // The price cap is not the server's: the engine must ignore it as the emulator does.
        const ours = supportedGpus({ ...sel, max_hourly_price_per_gpu: maxPrice }).map((g) => g.id).sort();
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
