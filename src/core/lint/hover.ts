// Hover for Python chute definitions: GPU ids, what a NodeSelector really selects and costs,
// argument meanings and defaults, and what each SDK callable is.

import type { Position } from '../python/positions';
import { resolveCall } from '../python/resolve';
import type { PyCall, PyModule } from '../python/types';
import { argumentMarkdown, callableMarkdown, gpuMarkdown, selectorMarkdown } from '../schema/hoverData';
import { TEE_CONFIG_MESSAGE, TEI_MESSAGE } from './guide';
import { boundModuleFor } from './moduleCache';
import type { BoundCall } from './pythonTarget';
import { selectorValues } from './pythonTarget';
import type { Hover } from './types';

const contains = (span: { start: number; end: number }, offset: number): boolean => span.start <= offset && offset <= span.end;

export function hoverAt(source: string, position: Position): Hover | undefined {
  const { module, bound } = boundModuleFor(source);
  if (!module.importsChutes) return undefined;
  const offset = module.lines.offset(position);
  const { calls } = bound;
  for (const call of module.calls) {
    const hover = hoverInCall(module, calls, call, offset);
    if (hover) return hover;
  }
  return undefined;
}

function hoverInCall(module: PyModule, calls: ReadonlyMap<PyCall, BoundCall>, call: PyCall, offset: number): Hover | undefined {
  const entry = calls.get(call);
  const at = (span: { start: number; end: number }, markdown: string): Hover => ({ range: module.lines.range(span.start, span.end), markdown });
  if (contains(call.nameSpan, offset)) {
    if (call.kind === 'node-selector' && entry) return at(call.nameSpan, selectorMarkdown(...selectorValues(entry.bound)));
    if (entry) return at(call.nameSpan, callableMarkdown(entry.callable.schema));
    if (call.kind === 'tee-config') return at(call.nameSpan, TEE_CONFIG_MESSAGE);
    return call.kind === 'template' ? at(call.nameSpan, TEI_MESSAGE) : undefined;
  }
  if (!entry) return undefined;
  for (const [name, arg] of entry.bound.byName) {
    if (arg.nameSpan && contains(arg.nameSpan, offset)) {
      const markdown = argumentMarkdown(entry.callable.schema, name);
      return markdown ? at(arg.nameSpan, markdown) : undefined;
    }
    if (!contains(arg.value.span, offset)) continue;
    if (call.kind === 'node-selector' && (name === 'include' || name === 'exclude') && arg.value.kind === 'list') {
      const item = arg.value.items.find((i) => contains(i.span, offset));
      if (item?.kind === 'str') return at(item.span, gpuMarkdown(item.value));
    }
    if (name === 'node_selector' && arg.value.kind === 'name') {
      const selector = resolveCall(module, arg.value, 'node-selector');
      const selectorEntry = selector && calls.get(selector);
      if (selectorEntry) return at(arg.value.span, selectorMarkdown(...selectorValues(selectorEntry.bound)));
    }
  }
  return undefined;
}
