// The platform's GPU table and the server's own selection and pricing rules (docs/platform.md
// §3.3 and §8, API `api/gpu.py` and `api/chute/schemas.py`, Feb 2026; the live values are at
// GET /pricing). The data lives in platform.json, which the emulator reads too.

import { own } from '../python/collections';
import platform from './platform.json';
import { closestNames } from './similar';

export interface Gpu {
  id: string;
  vramGb: number;
  /** USD per hour for one GPU. */
  hourlyUsd: number;
}

export const GPUS: readonly Gpu[] = platform.gpus;

/** The highest hourly rate; a GPU's compute multiplier is its rate divided by this. */
export const COMPUTE_UNIT_PRICE_BASIS = platform.computeUnitPriceBasis;
/** Largest allowed ratio between the dearest and the cheapest selected GPU. */
export const MAX_GPU_PRICE_DELTA = platform.maxGpuPriceDelta;
/** The deployment fee is this many hours of the estimated price. */
export const DEPLOYMENT_FEE_HOURS = platform.deploymentFeeHours;
/** Selectors left with only these are refused (403). */
export const CONSUMER_GPUS: readonly string[] = platform.consumerGpus;
/** Added to `exclude` by the server for ordinary accounts. */
export const RESTRICTED_GPUS: readonly string[] = platform.restrictedGpus;
/** The only GPUs `include` may name (the server answers 400 for others). */
export const ALLOW_INCLUDE: readonly string[] = platform.allowInclude;

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
  // No max_hourly_price_per_gpu filter: the server's NodeSelector has no such field (§8).
  if (!include && allowed.length) {
    // Keep one class of hardware: nothing dearer than 2.5x the cheapest, except pro_6000.
    const cheapest = allowed.reduce((low, g) => Math.min(low, g.hourlyUsd), Infinity);
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
  const computeMultiplier = (selector.gpu_count ?? 1) * gpus.reduce((low, g) => Math.min(low, computeMultiplierOf(g)), Infinity);
  const hourlyUsd = COMPUTE_UNIT_PRICE_BASIS * computeMultiplier;
  return { gpus, computeMultiplier, hourlyUsd, deploymentFeeUsd: DEPLOYMENT_FEE_HOURS * hourlyUsd };
}

/**
 * Ratio between the dearest and the cheapest GPU the server would select for a selector with
 * `include`, or undefined when fewer than two remain. The server checks it after `exclude` and the
 * VRAM filter (§8), so GPUs those remove do not count.
 */
export function includePriceSpread(selector: SelectorValues): { ratio: number; cheapest: Gpu; dearest: Gpu } | undefined {
  if (!selector.include?.length) return undefined;
  const known = supportedGpus(selector);
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
  const direct = BY_ID.has(norm) ? norm : own(ALIASES, norm) ?? own(ALIASES, norm.replace(/^rtx_?/, 'rtx_'));
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
