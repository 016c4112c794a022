// Markdown for hovers and completion documentation: GPUs, what a node selector really selects and
// costs, and the meaning and default of each argument (from the schemas).

import { formatPythonLiteral } from '../python/literals';
import { closestGpuIds, computeMultiplierOf, DEPLOYMENT_FEE_HOURS, gpuById, priceSelector, RESTRICTED_GPUS, type Gpu, type SelectorValues } from './gpus';
import { describeProperty, SCHEMAS, type SchemaId } from './schemas';

const usd = (n: number): string => `$${n.toFixed(2)}`;

export function gpuSummary(gpu: Gpu): string {
  return `${gpu.vramGb} GB · ${usd(gpu.hourlyUsd)}/h`;
}

export function gpuMarkdown(id: string): string {
  const gpu = gpuById(id);
  if (gpu) {
    return `**${gpu.id}**: ${gpu.vramGb} GB VRAM, ${usd(gpu.hourlyUsd)}/h per GPU (compute multiplier ${computeMultiplierOf(gpu).toFixed(4)}).`;
  }
  const ids = closestGpuIds(id);
  return `**${id}** is not a GPU id of the platform.${ids.length ? ` Did you mean ${ids.map((i) => `\`${i}\``).join(' or ')}?` : ''}`;
}

/** What the server would select for these values, and what it costs. */
export function selectorMarkdown(values: SelectorValues, complete: boolean): string {
  const lines = ['**NodeSelector**'];
  if (!complete) {
    lines.push('Some values are computed at run time, so the selected GPUs cannot be known here.');
    return lines.join('\n\n');
  }
  const price = priceSelector(values);
  if (!price) {
    lines.push('No GPU of the platform satisfies this selector: the server refuses the deploy.');
    return lines.join('\n\n');
  }
  const count = values.gpu_count ?? 1;
  const cheapest = price.gpus.reduce((a, b) => (b.hourlyUsd < a.hourlyUsd ? b : a));
  lines.push(`The server would select ${price.gpus.length} GPU type${price.gpus.length > 1 ? 's' : ''}: ${price.gpus.map((g) => `\`${g.id}\``).join(', ')}.`);
  lines.push(
    `Estimated price **${usd(price.hourlyUsd)}/h** (${count} × ${cheapest.id} at ${usd(cheapest.hourlyUsd)}/h); deployment fee **${usd(price.deploymentFeeUsd)}** (${DEPLOYMENT_FEE_HOURS} × the hourly price, charged once for a new chute; free accounts are exempt).`,
  );
  const restricted = price.gpus.filter((g) => RESTRICTED_GPUS.includes(g.id));
  if (restricted.length) lines.push(`The server excludes ${restricted.map((g) => g.id).join(' and ')} for ordinary accounts.`);
  return lines.join('\n\n');
}

export function argumentMarkdown(schema: SchemaId, name: string): string | undefined {
  const doc = describeProperty(schema, name);
  if (!doc) return undefined;
  const type = doc.type ? `: \`${doc.type}\`` : '';
  const def = isRequired(schema, name) ? ' (required)' : 'default' in doc ? ` = \`${formatPythonLiteral(doc.default)}\`` : '';
  const parts = [`**${name}**${type}${def}`, doc.description];
  if (doc.limits.length) parts.push(`Allowed: ${doc.limits.join('; ')}.`);
  return parts.filter(Boolean).join('\n\n');
}

export function isRequired(schema: SchemaId, name: string): boolean {
  return SCHEMAS[schema].required?.includes(name) ?? false;
}

export function callableMarkdown(schema: SchemaId): string {
  const s = SCHEMAS[schema];
  return [`**${s.title ?? schema}**`, s.description ?? ''].filter(Boolean).join('\n\n');
}
