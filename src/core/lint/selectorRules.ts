// What the server decides about a node selector beyond its field ranges: the include price spread,
// and whether any (non-consumer) GPU is left. Shared by Python NodeSelector calls and manifests.

import type { Range } from '../python/positions';
import { CONSUMER_GPUS, gpuById, includePriceSpread, MAX_GPU_PRICE_DELTA, supportedGpus, type SelectorValues } from '../schema/gpus';
import { severityOf } from './rules';
import type { Diagnostic } from './types';

export interface SelectorFacts {
  /** The literal values of the selector's fields. */
  values: SelectorValues;
  /** False when a field that affects selection is not a literal (nothing can be concluded). */
  complete: boolean;
  includeRange?: Range;
  /** Where problems about the selector as a whole are reported. */
  anchor: Range;
}

const usd = (n: number): string => `$${n.toFixed(2)}/h`;

export function selectorDiagnostics(facts: SelectorFacts): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { values } = facts;
  const spread = values.include ? includePriceSpread(values.include) : undefined;
  if (spread && spread.ratio > MAX_GPU_PRICE_DELTA && facts.includeRange) {
    diagnostics.push({
      range: facts.includeRange,
      severity: severityOf('node-selector/include-price-spread'),
      rule: 'node-selector/include-price-spread',
      message: `include mixes ${spread.cheapest.id} (${usd(spread.cheapest.hourlyUsd)}) and ${spread.dearest.id} (${usd(spread.dearest.hourlyUsd)}), ${spread.ratio.toFixed(2)}x apart: the server answers 400 above ${MAX_GPU_PRICE_DELTA}x. Split them into separate chutes or drop one class.`,
    });
  }
  const ids = [...(values.include ?? []), ...(values.exclude ?? [])];
  if (!facts.complete || ids.some((id) => !gpuById(id))) return diagnostics; // unknown ids are reported on their own
  const gpus = supportedGpus(values);
  if (!gpus.length) {
    diagnostics.push({
      range: facts.anchor,
      severity: severityOf('node-selector/no-gpu-matches'),
      rule: 'node-selector/no-gpu-matches',
      message: `No GPU of the platform satisfies this selector (${describe(values)}): the server refuses the deploy ("No GPUs match specified node_selector criteria").`,
    });
  } else if (gpus.every((g) => CONSUMER_GPUS.includes(g.id))) {
    diagnostics.push({
      range: facts.anchor,
      severity: severityOf('node-selector/consumer-gpus-only'),
      rule: 'node-selector/consumer-gpus-only',
      message: `This selector leaves only consumer GPUs (${gpus.map((g) => g.id).join(', ')}): the server answers 403. Allow at least one datacenter GPU.`,
    });
  }
  return diagnostics;
}

function describe(values: SelectorValues): string {
  const parts: string[] = [];
  if (values.min_vram_gb_per_gpu !== undefined) parts.push(`min_vram_gb_per_gpu=${values.min_vram_gb_per_gpu}`);
  if (values.max_hourly_price_per_gpu != null) parts.push(`max_hourly_price_per_gpu=${values.max_hourly_price_per_gpu}`);
  if (values.include?.length) parts.push(`include=${values.include.join(',')}`);
  if (values.exclude?.length) parts.push(`exclude=${values.exclude.join(',')}`);
  return parts.join(', ') || 'defaults';
}
