// What the explorer shows of a chute, as plain data (docs/platform.md §2.2, ChuteResponse). The
// feature layer turns these rows into tree items; keeping them here makes them unit-testable.
import type { Chute, ChuteInstance, Cord, EstimatedPrice } from '../api/types';

export type ChuteState = 'hot' | 'cold' | 'disabled';
export type ChuteSort = 'invocations' | 'name' | 'updated';

/**
 * Disabled when the server says so (a `disabled` field, where a server sends one) or when this
 * extension disabled it and has not re-enabled it since: the ChuteResponse of docs/platform.md §2.2
 * has no `disabled`, so `knownDisabled` carries what our own PUTs did. Else hot or cold as the
 * server computes it (an active and verified instance).
 */
export function chuteState(chute: Chute, knownDisabled: ReadonlySet<string> = new Set()): ChuteState {
  if (chute.disabled === true || (chute.disabled !== false && knownDisabled.has(chute.chute_id))) return 'disabled';
  return chute.hot ?? (chute.instances ?? []).some((i) => i.active && i.verified) ? 'hot' : 'cold';
}

export function gpuCount(chute: Chute): number {
  return chute.node_selector?.gpu_count ?? 0;
}

/** The grey text after the name: state, template, GPUs, TEE, tagline. */
export function chuteDescription(chute: Chute, state: ChuteState): string {
  const parts: string[] = [state];
  parts.push(chute.standard_template || 'custom');
  const gpus = gpuCount(chute);
  if (gpus) parts.push(`${gpus} GPU${gpus === 1 ? '' : 's'}`);
  if (chute.tee) parts.push('TEE');
  if (chute.public) parts.push('public');
  const text = parts.join(' · ');
  return chute.tagline ? `${text} — ${chute.tagline}` : text;
}

/** Markdown tooltip lines (the caller escapes nothing: every value here is server text). */
export function chuteTooltip(chute: Chute, state: ChuteState): string[] {
  const lines = [`**${chute.name}** (${state})`];
  if (chute.tagline) lines.push(chute.tagline);
  lines.push(`id: \`${chute.chute_id}\``);
  if (chute.slug) lines.push(`slug: \`${chute.slug}\``);
  lines.push(`template: ${chute.standard_template || 'custom'}`);
  if (chute.tee) lines.push('TEE: runs in a trusted execution environment');
  if (chute.invocation_count !== undefined) lines.push(`invocations: ${chute.invocation_count.toLocaleString('en-US')}`);
  if (chute.updated_at) lines.push(`updated: ${chute.updated_at}`);
  return lines;
}

/** Sorting is done on the rows loaded: the server orders only by invocation count (§2.2). */
export function sortChutes(items: readonly Chute[], by: ChuteSort): Chute[] {
  const sorted = [...items];
  if (by === 'name') sorted.sort((a, b) => a.name.localeCompare(b.name));
  else if (by === 'updated') sorted.sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? '') || a.name.localeCompare(b.name));
  else sorted.sort((a, b) => (b.invocation_count ?? 0) - (a.invocation_count ?? 0) || a.name.localeCompare(b.name));
  return sorted;
}

export interface DetailRow {
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  children?: DetailRow[];
  /** Set on rows that stand for one instance (for "Stream Logs"). */
  instanceId?: string;
}

export function cordRow(cord: Cord): DetailRow {
  const method = (cord.public_api_method || cord.method || 'POST').toUpperCase();
  const path = cord.public_api_path || cord.path;
  const bits = [cord.stream ? 'streaming' : '', cord.public_api_path ? '' : 'not public'].filter(Boolean);
  return {
    label: `${method} ${path}`,
    description: [cord.function, ...bits].join(' · '),
    tooltip: cord.output_content_type ? `${cord.function} → ${cord.output_content_type}` : cord.function,
    icon: cord.stream ? 'radio-tower' : 'symbol-method',
  };
}

export function instanceRow(instance: ChuteInstance): DetailRow {
  const state = instance.active ? (instance.verified ? 'active, verified' : 'active, not verified') : 'inactive';
  return {
    label: instance.instance_id,
    description: [state, instance.region && instance.region !== 'n/a' ? instance.region : ''].filter(Boolean).join(' · '),
    tooltip: instance.last_verified_at ? `last verified ${instance.last_verified_at}` : undefined,
    icon: instance.active && instance.verified ? 'vm-active' : 'vm-outline',
    instanceId: instance.instance_id,
  };
}

export function nodeSelectorRows(chute: Chute): DetailRow[] {
  const selector = chute.node_selector;
  if (!selector) return [];
  const rows: DetailRow[] = [
    { label: `${selector.gpu_count} × ≥ ${selector.min_vram_gb_per_gpu} GB VRAM`, description: 'GPUs per instance', icon: 'circuit-board' },
  ];
  const supported = selector.supported_gpus ?? chute.supported_gpus ?? [];
  if (supported.length) rows.push({ label: supported.join(', '), description: 'supported GPUs', icon: 'server' });
  if (selector.include?.length) rows.push({ label: selector.include.join(', '), description: 'include', icon: 'pass' });
  if (selector.exclude?.length) rows.push({ label: selector.exclude.join(', '), description: 'exclude', icon: 'circle-slash' });
  return rows;
}

const usd = (value: number) => `$${value < 0.01 ? value.toPrecision(2) : value.toFixed(2)}`;

/** Price rows from `current_estimated_price` (§2.2 lists its shapes). */
export function priceRows(price: EstimatedPrice | null | undefined): DetailRow[] {
  if (!price) return [];
  const rows: DetailRow[] = [];
  if (price.usd) rows.push({ label: `${usd(price.usd.hour)} / hour`, description: 'estimated', icon: 'credit-card' });
  const tokens = price.per_million_tokens;
  if (tokens) rows.push({ label: `${usd(tokens.input.usd)} in · ${usd(tokens.output.usd)} out`, description: 'per million tokens', icon: 'symbol-number' });
  if (price.per_step) rows.push({ label: `${usd(price.per_step.usd)} / step`, icon: 'symbol-number' });
  if (price.per_request) rows.push({ label: `${usd(price.per_request.usd)} / request`, icon: 'symbol-number' });
  const range = price.hourly_price_range?.usd;
  if (range) rows.push({ label: `${usd(range.min)} – ${usd(range.max)} / hour`, description: 'hourly range', icon: 'graph-line' });
  return rows;
}

/** The children of an expanded chute, from its full GET /chutes/{id} answer. */
export function chuteDetails(chute: Chute): DetailRow[] {
  const cords = chute.cords ?? [];
  const instances = chute.instances ?? [];
  const groups: DetailRow[] = [
    {
      label: 'Cords',
      description: String(cords.length),
      icon: 'symbol-interface',
      children: cords.length ? cords.map(cordRow) : [{ label: 'no cords (a job-only chute?)', icon: 'info' }],
    },
    {
      label: 'Instances',
      description: `${instances.filter((i) => i.active).length} active of ${instances.length}`,
      icon: 'vm',
      children: instances.length ? instances.map(instanceRow) : [{ label: 'no instances: cold (Warm Up starts one)', icon: 'info' }],
    },
    { label: 'Node selector', icon: 'settings', children: nodeSelectorRows(chute) },
  ];
  const prices = priceRows(chute.current_estimated_price);
  if (prices.length) groups.push({ label: 'Price', icon: 'credit-card', children: prices });
  return groups;
}

/** LLM price per million tokens from one `/v1/models` entry (`price.input.usd` or `pricing.prompt`). */
export function modelPrice(entry: Record<string, unknown> | undefined): string | undefined {
  if (!entry) return undefined;
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const record = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  const price = record(entry.price);
  const pricing = record(entry.pricing);
  const input = number(record(price.input).usd) ?? number(pricing.prompt);
  const output = number(record(price.output).usd) ?? number(pricing.completion);
  if (input === undefined || output === undefined) return undefined;
  return `${usd(input)}/${usd(output)} per M tokens`;
}
