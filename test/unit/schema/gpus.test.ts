import { describe, expect, it } from 'vitest';
import nodeSelectorSchema from '../../../schemas/node-selector.schema.json';
import {
  closestGpuIds,
  computeMultiplierOf,
  gpuById,
  GPUS,
  includePriceSpread,
  priceSelector,
  supportedGpus,
} from '../../../src/core/schema/gpus';

const ids = (selector: Parameters<typeof supportedGpus>[0]): string[] => supportedGpus(selector).map((g) => g.id).sort();

describe('GPU table (docs/platform.md §3.3)', () => {
  it('has the multiplier column of the reference: hourly rate / 4.5, to 4 decimals', () => {
    const multipliers: Record<string, number> = {
      '3090': 0.0556, '4090': 0.0889, '5090': 0.1556, a4000: 0.0444, a4000_ada: 0.0467, a5000: 0.0556, a6000: 0.1111,
      a6000_ada: 0.1667, pro_6000: 0.4, l4: 0.0556, a10: 0.0556, a40: 0.1111, l40: 0.1222, l40s: 0.1889, a100_40gb: 0.2444,
      a100_40gb_sxm: 0.2556, a100: 0.2667, a100_sxm: 0.2778, h100: 0.3978, h100_nvl: 0.5, h100_sxm: 0.5222, h800: 0.3333,
      h20: 0.2667, h200: 0.6111, mi300x: 0.6667, b200: 1, b300: 1,
    };
    expect(GPUS.map((g) => g.id).sort()).toEqual(Object.keys(multipliers).sort());
    for (const gpu of GPUS) expect(Number(computeMultiplierOf(gpu).toFixed(4))).toBe(multipliers[gpu.id]);
  });

  it('lists exactly the same ids as the schema enum used for include/exclude', () => {
    expect([...nodeSelectorSchema.definitions.gpuId.enum].sort()).toEqual(GPUS.map((g) => g.id).sort());
  });
});

describe('supported GPUs (the server\'s derivation)', () => {
  it('matches the reference\'s worked examples', () => {
    expect(ids({})).toEqual(['3090', '4090', 'a10', 'a40', 'a4000', 'a4000_ada', 'a5000', 'a6000', 'l4', 'pro_6000']);
    expect(ids({ min_vram_gb_per_gpu: 80 })).toEqual(['a100', 'a100_sxm', 'h100', 'h100_nvl', 'h100_sxm', 'h20', 'h200', 'h800', 'pro_6000']);
  });

  it('applies include, exclude and the mi300x rule, and ignores the price cap the server does not have', () => {
    expect(ids({ include: ['h100', 'b200'] })).toEqual(['b200', 'h100']); // no 2.5x cap with include
    expect(ids({ min_vram_gb_per_gpu: 80, exclude: ['pro_6000', 'h20', 'a100'] })).toEqual(['a100_sxm', 'h100', 'h100_nvl', 'h100_sxm', 'h200', 'h800']);
    expect(ids({ min_vram_gb_per_gpu: 80, max_hourly_price_per_gpu: 1.5 })).toEqual(ids({ min_vram_gb_per_gpu: 80 }));
    expect(ids({ min_vram_gb_per_gpu: 140, include: ['mi300x', 'h200'] })).toEqual(['h200']);
    expect(ids({ include: ['mi300x'] })).toEqual(['mi300x']);
    expect(ids({ min_vram_gb_per_gpu: 140, include: ['h100'] })).toEqual([]);
  });
});

describe('pricing', () => {
  it('prices gpu_count × the cheapest supported rate and charges 3× as deployment fee', () => {
    const base = priceSelector({})!;
    expect(base.hourlyUsd).toBeCloseTo(0.2, 10); // a4000
    expect(base.deploymentFeeUsd).toBeCloseTo(0.6, 10);
    const big = priceSelector({ gpu_count: 8, min_vram_gb_per_gpu: 80 })!;
    expect(big.computeMultiplier).toBeCloseTo((8 * 1.2) / 4.5, 10); // a100 and h20 at $1.20
    expect(big.hourlyUsd).toBeCloseTo(9.6, 10);
    expect(big.deploymentFeeUsd).toBeCloseTo(28.8, 10);
    expect(priceSelector({ include: ['h200'], gpu_count: 2 })!.hourlyUsd).toBeCloseTo(5.5, 10);
    expect(priceSelector({ min_vram_gb_per_gpu: 140, include: ['h100'] })).toBeUndefined();
  });

  it('measures the include price spread over the GPUs left after exclude and the VRAM filter', () => {
    expect(includePriceSpread({ include: ['l4', 'h200', 'nope'] })).toMatchObject({ cheapest: gpuById('l4'), dearest: gpuById('h200') });
    expect(includePriceSpread({ include: ['l4', 'h200'] })!.ratio).toBeCloseTo(11, 10);
    expect(includePriceSpread({ include: ['h100', 'nope'] })).toBeUndefined();
    expect(includePriceSpread({ include: ['a6000_ada', 'h200'], min_vram_gb_per_gpu: 80 })).toBeUndefined(); // a6000_ada has 48 GB
    expect(includePriceSpread({ include: ['a6000_ada', 'h200', 'h100'], exclude: ['a6000_ada'] })!.ratio).toBeCloseTo(2.75 / 1.79, 10);
    expect(includePriceSpread({})).toBeUndefined();
  });
});

describe('closestGpuIds', () => {
  it('understands what people call GPUs', () => {
    expect(closestGpuIds('H100')).toEqual(['h100']);
    expect(closestGpuIds('h100-80gb')).toEqual(['h100']);
    expect(closestGpuIds('A100 80GB')).toEqual(['a100']);
    expect(closestGpuIds('A100 40GB')).toEqual(['a100_40gb']);
    expect(closestGpuIds('NVIDIA H100 SXM5')).toEqual(['h100_sxm']);
    expect(closestGpuIds('RTX 4090')).toEqual(['4090']);
    expect(closestGpuIds('rtx4090')).toEqual(['4090']);
    expect(closestGpuIds('RTX 6000 Ada')).toEqual(['a6000_ada']);
    expect(closestGpuIds('L40S')).toEqual(['l40s']);
    expect(closestGpuIds('mi300')).toEqual(['mi300x']);
  });

  it('falls back to the nearest ids by edit distance, and to nothing for unrelated names', () => {
    expect(closestGpuIds('h10')).toEqual(expect.arrayContaining(['h100', 'h20']));
    expect(closestGpuIds('a6001')).toEqual(['a6000']);
    expect(closestGpuIds('tpu-v5')).toEqual([]);
    expect(closestGpuIds('  ')).toEqual([]);
  });
});
