// GPU table and node-selector math of reference §3.3 (API api/gpu.py, api/chute/schemas.py NodeSelector).

export interface Gpu { memory: number; hourly: number }

export const GPUS: Record<string, Gpu> = {
  '3090': { memory: 24, hourly: 0.25 },
  '4090': { memory: 24, hourly: 0.4 },
  '5090': { memory: 32, hourly: 0.7 },
  a4000: { memory: 16, hourly: 0.2 },
  a4000_ada: { memory: 20, hourly: 0.21 },
  a5000: { memory: 24, hourly: 0.25 },
  a6000: { memory: 48, hourly: 0.5 },
  a6000_ada: { memory: 48, hourly: 0.75 },
  pro_6000: { memory: 96, hourly: 1.8 },
  l4: { memory: 24, hourly: 0.25 },
  a10: { memory: 24, hourly: 0.25 },
  a40: { memory: 48, hourly: 0.5 },
  l40: { memory: 48, hourly: 0.55 },
  l40s: { memory: 48, hourly: 0.85 },
  a100_40gb: { memory: 40, hourly: 1.1 },
  a100_40gb_sxm: { memory: 40, hourly: 1.15 },
  a100: { memory: 80, hourly: 1.2 },
  a100_sxm: { memory: 80, hourly: 1.25 },
  h100: { memory: 80, hourly: 1.79 },
  h100_nvl: { memory: 96, hourly: 2.25 },
  h100_sxm: { memory: 80, hourly: 2.35 },
  h800: { memory: 80, hourly: 1.5 },
  h20: { memory: 96, hourly: 1.2 },
  h200: { memory: 140, hourly: 2.75 },
  mi300x: { memory: 192, hourly: 3.0 },
  b200: { memory: 192, hourly: 4.5 },
  b300: { memory: 288, hourly: 4.5 },
};

export const ALLOW_INCLUDE = ['h100', 'h100_sxm', 'h100_nvl', 'h200', 'b200', 'b300', 'mi300x', 'a100', 'a100_sxm', 'l40s', 'a6000_ada'];
export const CONSUMER_GPUS = ['3090', '4090', '5090'];
export const MAX_GPU_PRICE_DELTA = 2.5;
/** The most expensive GPU's hourly rate; compute multipliers are rates divided by it. */
export const COMPUTE_UNIT_PRICE_BASIS = Math.max(...Object.values(GPUS).map((g) => g.hourly));
/** Fixed TAO price in USD (the live server reads it from a price feed). */
export const TAO_USD = 412.3;

export interface NodeSelector {
  gpu_count: number;
  min_vram_gb_per_gpu: number;
  max_hourly_price_per_gpu?: number | null;
  include: string[] | null;
  exclude: string[] | null;
  dynamic: boolean;
}

/** Sorted, so responses are stable (the server returns a Python set as a list, in no fixed order). */
export function supportedGpus(sel: NodeSelector): string[] {
  let allowed = new Set(sel.include?.length ? sel.include : Object.keys(GPUS));
  for (const gpu of sel.exclude ?? []) allowed.delete(gpu);
  allowed = new Set([...allowed].filter((g) => GPUS[g] && GPUS[g].memory >= sel.min_vram_gb_per_gpu));
  const maxPrice = sel.max_hourly_price_per_gpu;
  if (maxPrice != null) allowed = new Set([...allowed].filter((g) => GPUS[g].hourly <= maxPrice));
  if (!sel.include?.length && allowed.size) {
    const min = Math.min(...[...allowed].map((g) => GPUS[g].hourly));
    allowed = new Set([...allowed].filter((g) => GPUS[g].hourly <= min * MAX_GPU_PRICE_DELTA || g === 'pro_6000'));
  }
  if (allowed.has('mi300x') && allowed.size > 1) allowed.delete('mi300x');
  return [...allowed].sort();
}

export const gpuMultiplier = (gpu: string): number => GPUS[gpu].hourly / COMPUTE_UNIT_PRICE_BASIS;

/** gpu_count × the smallest multiplier among supported GPUs; undefined when nothing matches. */
export function computeMultiplier(sel: NodeSelector): number | undefined {
  const gpus = supportedGpus(sel);
  if (!gpus.length) return undefined;
  return sel.gpu_count * Math.min(...gpus.map(gpuMultiplier));
}

export interface PricePair { hour: number; second: number }

export function estimatedPrice(sel: NodeSelector): { usd: PricePair; tao: PricePair } | undefined {
  const multiplier = computeMultiplier(sel);
  if (multiplier === undefined) return undefined;
  const usd = COMPUTE_UNIT_PRICE_BASIS * multiplier;
  const tao = usd / TAO_USD;
  return { usd: { hour: usd, second: usd / 3600 }, tao: { hour: tao, second: tao / 3600 } };
}
