// GPU table and node-selector math of docs/platform.md §3.3 and §8 (API api/gpu.py, api/chute/schemas.py
// NodeSelector). The table and limits come from the same data file as the editor's checks.
import platform from '../src/core/schema/platform.json';

export interface Gpu { memory: number; hourly: number }

/** A Map, so ids from requests (`constructor`, `__proto__`) only ever find real GPUs. */
export const GPUS: ReadonlyMap<string, Gpu> = new Map(platform.gpus.map((g) => [g.id, { memory: g.vramGb, hourly: g.hourlyUsd }]));

export const ALLOW_INCLUDE: readonly string[] = platform.allowInclude;
export const CONSUMER_GPUS: readonly string[] = platform.consumerGpus;
export const MAX_GPU_PRICE_DELTA = platform.maxGpuPriceDelta;
/** NodeSelector field limits (gpu_count, min_vram_gb_per_gpu, exclude). */
export const SELECTOR_LIMITS = platform.nodeSelector;
/** The most expensive GPU's hourly rate; compute multipliers are rates divided by it. */
export const COMPUTE_UNIT_PRICE_BASIS = Math.max(...[...GPUS.values()].map((g) => g.hourly));
/** Fixed TAO price in USD (the live server reads it from a price feed). */
export const TAO_USD = 412.3;

/** The server's NodeSelector: it has no max_hourly_price_per_gpu (dropped like any unknown field). */
export interface NodeSelector {
  gpu_count: number;
  min_vram_gb_per_gpu: number;
  include: string[] | null;
  exclude: string[] | null;
  dynamic: boolean;
}

const gpu = (id: string): Gpu => GPUS.get(id)!;

/** Sorted, so responses are stable (the server returns a Python set as a list, in no fixed order). */
export function supportedGpus(sel: NodeSelector): string[] {
  let allowed = new Set(sel.include?.length ? sel.include : GPUS.keys());
  for (const id of sel.exclude ?? []) allowed.delete(id);
  allowed = new Set([...allowed].filter((id) => GPUS.has(id) && gpu(id).memory >= sel.min_vram_gb_per_gpu));
  if (!sel.include?.length && allowed.size) {
    const min = [...allowed].reduce((low, id) => Math.min(low, gpu(id).hourly), Infinity);
    allowed = new Set([...allowed].filter((id) => gpu(id).hourly <= min * MAX_GPU_PRICE_DELTA || id === 'pro_6000'));
  }
  if (allowed.has('mi300x') && allowed.size > 1) allowed.delete('mi300x');
  return [...allowed].sort();
}

export const gpuMultiplier = (id: string): number => gpu(id).hourly / COMPUTE_UNIT_PRICE_BASIS;
export const gpuHourly = (id: string): number => gpu(id).hourly;

/** gpu_count × the smallest multiplier among supported GPUs; undefined when nothing matches. */
export function computeMultiplier(sel: NodeSelector): number | undefined {
  const gpus = supportedGpus(sel);
  if (!gpus.length) return undefined;
  return sel.gpu_count * gpus.reduce((low, id) => Math.min(low, gpuMultiplier(id)), Infinity);
}

export interface PricePair { hour: number; second: number }

export function estimatedPrice(sel: NodeSelector): { usd: PricePair; tao: PricePair } | undefined {
  const multiplier = computeMultiplier(sel);
  if (multiplier === undefined) return undefined;
  const usd = COMPUTE_UNIT_PRICE_BASIS * multiplier;
  const tao = usd / TAO_USD;
  return { usd: { hour: usd, second: usd / 3600 }, tao: { hour: tao, second: tao / 3600 } };
}
