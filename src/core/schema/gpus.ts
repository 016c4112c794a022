// The platform's GPU table and the server's own selection and pricing rules (reference §3.3,
// API `api/gpu.py` and `api/chute/schemas.py`, Feb 2026; the live values are at GET /pricing).

import { closestNames } from './similar';

export interface Gpu {
  id: string;
  vramGb: number;
  /** USD per hour for one GPU. */
  hourlyUsd: number;
}

export const GPUS: readonly Gpu[] = [
  { id: '3090', vramGb: 24, hourlyUsd: 0.25 },
  { id: '4090', vramGb: 24, hourlyUsd: 0.4 },
  { id: '5090', vramGb: 32, hourlyUsd: 0.7 },
  { id: 'a4000', vramGb: 16, hourlyUsd: 0.2 },
  { id: 'a4000_ada', vramGb: 20, hourlyUsd: 0.21 },
  { id: 'a5000', vramGb: 24, hourlyUsd: 0.25 },
  { id: 'a6000', vramGb: 48, hourlyUsd: 0.5 },
  { id: 'a6000_ada', vramGb: 48, hourlyUsd: 0.75 },
  { id: 'pro_6000', vramGb: 96, hourlyUsd: 1.8 },
  { id: 'l4', vramGb: 24, hourlyUsd: 0.25 },
  { id: 'a10', vramGb: 24, hourlyUsd: 0.25 },
  { id: 'a40', vramGb: 48, hourlyUsd: 0.5 },
  { id: 'l40', vramGb: 48, hourlyUsd: 0.55 },
  { id: 'l40s', vramGb: 48, hourlyUsd: 0.85 },
  { id: 'a100_40gb', vramGb: 40, hourlyUsd: 1.1 },
  { id: 'a100_40gb_sxm', vramGb: 40, hourlyUsd: 1.15 },
  { id: 'a100', vramGb: 80, hourlyUsd: 1.2 },
  { id: 'a100_sxm', vramGb: 80, hourlyUsd: 1.25 },
  { id: 'h100', vramGb: 80, hourlyUsd: 1.79 },
  { id: 'h100_nvl', vramGb: 96, hourlyUsd: 2.25 },
  { id: 'h100_sxm', vramGb: 80, hourlyUsd: 2.35 },
  { id: 'h800', vramGb: 80, hourlyUsd: 1.5 },
  { id: 'h20', vramGb: 96, hourlyUsd: 1.2 },
  { id: 'h200', vramGb: 140, hourlyUsd: 2.75 },
  { id: 'mi300x', vramGb: 192, hourlyUsd: 3.0 },
  { id: 'b200', vramGb: 192, hourlyUsd: 4.5 },
  { id: 'b300', vramGb: 288, hourlyUsd: 4.5 },
];

/** The highest hourly rate; a GPU's compute multiplier is its rate divided by this. */
export const COMPUTE_UNIT_PRICE_BASIS = 4.5;
/** Largest allowed ratio between the dearest and the cheapest selected GPU. */
export const MAX_GPU_PRICE_DELTA = 2.5;
/** The deployment fee is this many hours of the estimated price. */
export const DEPLOYMENT_FEE_HOURS = 3;
/** Selectors left with only these are refused (403). */
export const CONSUMER_GPUS: readonly string[] = ['3090', '4090', '5090'];
/** Added to `exclude` by the server for ordinary accounts. */
export const RESTRICTED_GPUS: readonly string[] = ['b200', 'mi300x'];

const BY_ID = new Map(GPUS.map((g) => [g.id, g]));

export function gpuById(id: string): Gpu | undefined {
  return BY_ID.get(id);
}

export function computeMultiplierOf(gpu: Gpu): number {
  return gpu.hourlyUsd / COMPUTE_UNIT_PRICE_BASIS;
}

/** The NodeSelector fields that matter for selection, as literal values. */
export interface SelectorValues {
  gpu_count?: number;
  min_vram_gb_per_gpu?: number;
  max_hourly_price_per_gpu?: number | null;
  include?: readonly string[] | null;
  exclude?: readonly string[] | null;
}

/**
 * The GPUs the server would allow, in table order (server: NodeSelector.supported_gpus). Unknown
 * ids are skipped (the server rejects them before this runs).
 */
export function supportedGpus(selector: SelectorValues): Gpu[] {
  const minVram = selector.min_vram_gb_per_gpu ?? 16;
  const include = selector.include?.length ? new Set(selector.include) : undefined;
  const exclude = new Set(selector.exclude ?? []);
  let allowed = GPUS.filter((g) => (!include || include.has(g.id)) && !exclude.has(g.id));
  if (minVram) allowed = allowed.filter((g) => g.vramGb >= minVram);
  const maxPrice = selector.max_hourly_price_per_gpu;
  if (maxPrice) allowed = allowed.filter((g) => g.hourlyUsd <= maxPrice);
  if (!include && allowed.length) {
    // Keep one class of hardware: nothing dearer than 2.5x the cheapest, except pro_6000.
    const cheapest = Math.min(...allowed.map((g) => g.hourlyUsd));
    allowed = allowed.filter((g) => g.hourlyUsd <= cheapest * MAX_GPU_PRICE_DELTA || g.id === 'pro_6000');
  }
  // AMD and NVIDIA images cannot be mixed.
  if (allowed.length > 1) allowed = allowed.filter((g) => g.id !== 'mi300x');
  return allowed;
}

export interface SelectorPrice {
  gpus: Gpu[];
  /** gpu_count × the cheapest supported GPU's multiplier. */
  computeMultiplier: number;
  /** USD per hour: 4.5 × compute multiplier = gpu_count × the cheapest supported rate. */
  hourlyUsd: number;
  /** USD charged once when a new chute is deployed (free accounts are exempt). */
  deploymentFeeUsd: number;
}

/** Prices a selector the server's way; undefined when no GPU matches (the server refuses it). */
export function priceSelector(selector: SelectorValues): SelectorPrice | undefined {
  const gpus = supportedGpus(selector);
  if (!gpus.length) return undefined;
  const computeMultiplier = (selector.gpu_count ?? 1) * Math.min(...gpus.map(computeMultiplierOf));
  const hourlyUsd = COMPUTE_UNIT_PRICE_BASIS * computeMultiplier;
  return { gpus, computeMultiplier, hourlyUsd, deploymentFeeUsd: DEPLOYMENT_FEE_HOURS * hourlyUsd };
}

/** Ratio between the dearest and the cheapest known GPU of `include`, or undefined when < 2 known. */
export function includePriceSpread(include: readonly string[]): { ratio: number; cheapest: Gpu; dearest: Gpu } | undefined {
  const known = include.map(gpuById).filter((g): g is Gpu => g !== undefined);
  if (known.length < 2) return undefined;
  const cheapest = known.reduce((a, b) => (b.hourlyUsd < a.hourlyUsd ? b : a));
  const dearest = known.reduce((a, b) => (b.hourlyUsd > a.hourlyUsd ? b : a));
  return { ratio: dearest.hourlyUsd / cheapest.hourlyUsd, cheapest, dearest };
}

/** Names people write for GPUs, normalised (see `normaliseGpuName`), mapped to platform ids. */
const ALIASES: Readonly<Record<string, string>> = {
  a100_80gb: 'a100',
  a100_pcie: 'a100',
  a100_sxm4: 'a100_sxm',
  a100_sxm4_80gb: 'a100_sxm',
  a100_80gb_sxm: 'a100_sxm',
  a100_40gb_pcie: 'a100_40gb',
  a100_sxm4_40gb: 'a100_40gb_sxm',
  h100_80gb: 'h100',
  h100_pcie: 'h100',
  h100_sxm5: 'h100_sxm',
  h100_80gb_sxm: 'h100_sxm',
  h100_94gb: 'h100_nvl',
  h200_141gb: 'h200',
  h200_sxm: 'h200',
  rtx_3090: '3090',
  rtx_4090: '4090',
  rtx_5090: '5090',
  rtx_a4000: 'a4000',
  rtx_a5000: 'a5000',
  rtx_a6000: 'a6000',
  rtx_4000_ada: 'a4000_ada',
  rtx_6000_ada: 'a6000_ada',
  a6000ada: 'a6000_ada',
  a4000ada: 'a4000_ada',
  rtx_pro_6000: 'pro_6000',
  pro6000: 'pro_6000',
  mi300: 'mi300x',
  l40_s: 'l40s',
};

const MAX_GPU_NAME_LENGTH = 64;

function normaliseGpuName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^(nvidia|amd|geforce)[\s_-]*/, '')
    .replace(/^(nvidia|amd|geforce)[\s_-]*/, '')
    .replace(/[\s-]+/g, '_')
    .replace(/(\d+)_gb\b/g, '$1gb');
}

/**
 * Platform GPU ids the user probably meant, best first: exact after normalising ("H100"), known
 * aliases ("A100 80GB", "RTX 4090"), a memory suffix that matches ("h100-80gb"), then ids within a
 * small edit distance ("h10" -> h100, h20).
 */
export function closestGpuIds(name: string, max = 3): string[] {
  // No GPU name people write is this long; the regexes below would backtrack on a 30k-digit id.
  if (name.length > MAX_GPU_NAME_LENGTH) return [];
  const norm = normaliseGpuName(name);
  if (!norm) return [];
  const direct = BY_ID.has(norm) ? norm : ALIASES[norm] ?? ALIASES[norm.replace(/^rtx_?/, 'rtx_')];
  if (direct) return [direct];
  const withoutRtx = norm.replace(/^rtx_?/, '');
  if (BY_ID.has(withoutRtx)) return [withoutRtx];
  const memory = /^(.*?)_?(\d+)gb$/.exec(withoutRtx);
  if (memory) {
    const [, base, gb] = memory;
    const exact = GPUS.find((g) => g.id === base && g.vramGb === Number(gb)) ?? GPUS.find((g) => g.id === `${base}_${gb}gb`);
    if (exact) return [exact.id];
    if (base && BY_ID.has(base)) return [base];
  }
  return closestNames(withoutRtx, GPUS.map((g) => g.id), max);
}
