// What the server decides about a node selector beyond its field ranges, in the server's order
// (docs/platform.md §3.3 and §8): the include allow-list, whether any non-consumer GPU is left, the
// include price spread (after exclude and the VRAM filter), b200/mi300x for ordinary accounts, and
// the price cap the server does not have. Shared by Python NodeSelector calls and manifests.

import type { Range } from '../python/positions';
import { ALLOW_INCLUDE, CONSUMER_GPUS, gpuById, includePriceSpread, MAX_GPU_PRICE_DELTA, RESTRICTED_GPUS, supportedGpus, type SelectorValues } from '../schema/gpus';
import { severityOf, type RuleId } from './rules';
import type { Diagnostic } from './types';

export interface SelectorFacts {
  /** The literal values of the selector's fields. */
  values: SelectorValues;
  /** False when a field that affects selection is not a literal (nothing can be concluded). */
  complete: boolean;
  /** Where a field's value is written, when it is. */
  fieldRange(field: keyof SelectorValues): Range | undefined;
  /** Where problems about the selector as a whole are reported. */
  anchor: Range;
}

const usd = (n: number): string => `$${n.toFixed(2)}/h`;
const quoted = (ids: readonly string[]): string => ids.map((id) => `'${id}'`).join(', ');

export const CONSUMER_ONLY_DETAIL = 'You are not allowed to require consumer GPUs exclusively.';

export function selectorDiagnostics(facts: SelectorFacts): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (rule: RuleId, range: Range, message: string): void => {
    diagnostics.push({ range, severity: severityOf(rule), rule, message });
  };
  const { values } = facts;
  const priceRange = facts.fieldRange('max_hourly_price_per_gpu');
  if (priceRange && values.max_hourly_price_per_gpu !== null) {
    report(
      'node-selector/max-price-ignored',
      priceRange,
      'max_hourly_price_per_gpu may be ignored: the server\'s NodeSelector has no such field, so it drops it and does not filter GPUs by price. Choose GPUs with min_vram_gb_per_gpu, include or exclude.',
    );
  }
  const ids = [...(values.include ?? []), ...(values.exclude ?? [])];
  if (!facts.complete || ids.some((id) => !gpuById(id))) return diagnostics; // unknown ids are reported on their own

  const includeRange = facts.fieldRange('include') ?? facts.anchor;
  const notAllowed = (values.include ?? []).filter((id) => !ALLOW_INCLUDE.includes(id));
  if (notAllowed.length) {
    report(
      'node-selector/include-not-allowed',
      includeRange,
      `include names ${notAllowed.join(', ')}, which the server does not let you require: it answers 400 ("Only these GPUs can be explicitly required in the \`include\` field: [${quoted(ALLOW_INCLUDE)}]"). Use min_vram_gb_per_gpu and exclude instead.`,
    );
    return diagnostics; // the server stops here
  }
  const gpus = supportedGpus(values);
  if (!gpus.length) {
    report('node-selector/no-gpu-matches', facts.anchor, `No GPU of the platform satisfies this selector (${describe(values)}): the server answers 403 ("${CONSUMER_ONLY_DETAIL}").`);
    return diagnostics;
  }
  if (gpus.every((g) => CONSUMER_GPUS.includes(g.id))) {
    report('node-selector/consumer-gpus-only', facts.anchor, `This selector leaves only consumer GPUs (${gpus.map((g) => g.id).join(', ')}): the server answers 403 ("${CONSUMER_ONLY_DETAIL}"). Allow at least one datacenter GPU.`);
    return diagnostics;
  }
  const spread = includePriceSpread(values);
  if (spread && spread.ratio > MAX_GPU_PRICE_DELTA) {
    report(
      'node-selector/include-price-spread',
      includeRange,
      `include mixes ${spread.cheapest.id} (${usd(spread.cheapest.hourlyUsd)}) and ${spread.dearest.id} (${usd(spread.dearest.hourlyUsd)}), ${spread.ratio.toFixed(2)}x apart: the server answers 400 above ${MAX_GPU_PRICE_DELTA}x. Split them into separate chutes or drop one class.`,
    );
    return diagnostics;
  }
  if (gpus.every((g) => RESTRICTED_GPUS.includes(g.id))) {
    report(
      'node-selector/restricted-gpus-only',
      includeRange,
      `Only ${gpus.map((g) => g.id).join(' and ')} can run this chute, and the server excludes ${RESTRICTED_GPUS.join(' and ')} for ordinary accounts: the deploy is refused (400 or 403) unless your account has the unlimited_dev role. Allow another GPU.`,
    );
  }
  return diagnostics;
}

function describe(values: SelectorValues): string {
  const parts: string[] = [];
  if (values.min_vram_gb_per_gpu !== undefined) parts.push(`min_vram_gb_per_gpu=${values.min_vram_gb_per_gpu}`);
  if (values.include?.length) parts.push(`include=${values.include.join(',')}`);
  if (values.exclude?.length) parts.push(`exclude=${values.exclude.join(',')}`);
  return parts.join(', ') || 'defaults';
}
