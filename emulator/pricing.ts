// Prices shown on chutes (current_estimated_price, effective compute multiplier) and GET /pricing.
import { GPUS, TAO_USD, computeMultiplier, estimatedPrice, gpuHourly, supportedGpus, COMPUTE_UNIT_PRICE_BASIS } from './gpu';
import type { ChuteRec } from './model';

// Guesses: the server derives token prices from LLM_PRICE_MULT_* constants and live data we do not have.
// These keep the ratios plausible (output dearer than input, cached input half price).
const LLM_IN_PER_GPU_HOUR = 0.04;
const LLM_OUT_PER_GPU_HOUR = 0.16;
const LLM_MIN_PRICE = 0.01;
const CACHE_DISCOUNT = 0.5;
const DIFFUSION_PRICE_MULT_PER_STEP = 0.0005; // guess
const PRIVATE_INSTANCE_BONUS = 2; // "Private instance bonus (2x)" in calculate_effective_compute_multiplier
const TEE_BONUS = 1.5; // "TEE bonus (1.5x if tee=True)"

const usdTao = (usd: number) => ({ usd, tao: usd / TAO_USD });

export function tokenPrices(chute: ChuteRec) {
  const hourly = estimatedPrice(chute.node_selector)?.usd.hour ?? 0;
  const input = Math.max(LLM_MIN_PRICE, hourly * LLM_IN_PER_GPU_HOUR);
  const output = Math.max(LLM_MIN_PRICE, hourly * LLM_OUT_PER_GPU_HOUR);
  return { input: usdTao(input), output: usdTao(output), input_cache_read: usdTao(input * (1 - CACHE_DISCOUNT)) };
}

/** _inject_current_estimated_price: template-specific prices plus the node selector's hourly estimate. */
export function currentEstimatedPrice(chute: ChuteRec, platformUserId: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (chute.standard_template === 'vllm') out.per_million_tokens = tokenPrices(chute);
  else if (chute.standard_template === 'diffusion') {
    out.per_step = usdTao((estimatedPrice(chute.node_selector)?.usd.hour ?? 0) * DIFFUSION_PRICE_MULT_PER_STEP);
  }
  Object.assign(out, estimatedPrice(chute.node_selector) ?? {});
  if (!chute.public && chute.user_id !== platformUserId) {
    // Guess at the range's bounds: the cheapest and dearest supported GPU times the GPU count.
    const rates = supportedGpus(chute.node_selector).map((g) => gpuHourly(g) * chute.node_selector.gpu_count);
    if (rates.length) {
      const [min, max] = [rates.reduce((a, b) => Math.min(a, b)), rates.reduce((a, b) => Math.max(a, b))];
      out.hourly_price_range = { usd: { min, max }, tao: { min: min / TAO_USD, max: max / TAO_USD } };
    }
  }
  return out;
}

export function effectiveMultiplier(chute: ChuteRec, platformUserId: string | undefined) {
  const base = computeMultiplier(chute.node_selector) ?? 0;
  const factors: Record<string, number> = { base };
  let total = base;
  if (!chute.public && chute.user_id !== platformUserId) {
    factors.private = PRIVATE_INSTANCE_BONUS;
    total *= PRIVATE_INSTANCE_BONUS;
  }
  if (chute.tee) {
    factors.tee = TEE_BONUS;
    total *= TEE_BONUS;
  }
  return { effective_compute_multiplier: total, compute_multiplier_factors: factors, bounty: null };
}

/** GET /pricing (api/payment/router.py). */
export function pricingResponse() {
  const pair = (usdHour: number) => ({
    usd: { hour: usdHour, second: usdHour / 3600 },
    tao: { hour: usdHour / TAO_USD, second: usdHour / TAO_USD / 3600 },
  });
  return {
    tao_usd: TAO_USD,
    compute_unit_estimate: {
      usd: COMPUTE_UNIT_PRICE_BASIS / 3600,
      tao: COMPUTE_UNIT_PRICE_BASIS / TAO_USD / 3600,
      description: 'Estimated price of one compute unit (one second of the most expensive GPU).',
    },
    gpu_price_estimates: Object.fromEntries([...GPUS].map(([id, gpu]) => [id, pair(gpu.hourly)])),
  };
}
