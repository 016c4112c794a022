// Completions for Python chute definitions while typing: GPU ids inside NodeSelector include/exclude
// lists, and the argument names of SDK calls that are not used yet.

import type { Position, Span } from '../python/positions';
import type { PyArgument, PyModule, PyValue } from '../python/types';
import { GPUS } from '../schema/gpus';
import { argumentMarkdown, gpuMarkdown, gpuSummary, isRequired } from '../schema/hoverData';
import { describeProperty, propertyNames } from '../schema/schemas';
import { formatPythonLiteral } from '../python/literals';
import { boundModuleFor } from './moduleCache';
import type { BoundCall, BoundModule } from './pythonTarget';
import type { CompletionItem } from './types';

export function completionsAt(source: string, position: Position): CompletionItem[] {
  const { module, bound } = boundModuleFor(source);
  if (!module.importsChutes) return [];
  const offset = module.lines.offset(position);
  const entry = innermostCall(bound, offset);
  if (!entry) return [];
  // An argument whose list is still open extends to the end of the call.
  const extent = (a: PyArgument): number => (a.value.kind === 'list' && !a.value.closed ? entry.call.inner.end : a.span.end);
  const arg = entry.call.args.find((a) => a.span.start <= offset && offset <= extent(a));
  if (arg?.name !== undefined && arg.nameSpan && offset > arg.nameSpan.end) {
    const listName = arg.name === 'include' || arg.name === 'exclude';
    return entry.call.kind === 'node-selector' && listName ? gpuCompletions(module, arg.value, offset) : [];
  }
  if (arg && !isNameSlot(arg, offset)) return [];
  if (!arg && !followsOneOf(source, entry.call.inner.start - 1, offset, '(,')) return [];
  const replace = arg ? (arg.nameSpan ?? arg.value.span) : { start: offset, end: offset };
  return argumentCompletions(module, entry, arg, replace);
}

/** Whether the text in [from, to) ends with one of `chars` and then only whitespace (scanned backwards). */
function followsOneOf(source: string, from: number, to: number, chars: string): boolean {
  let i = to - 1;
  while (i >= from && /\s/.test(source[i]!)) i--;
  return i >= from && chars.includes(source[i]!);
}

/** The SDK call whose argument list holds `offset` most tightly. */
function innermostCall(bound: BoundModule, offset: number): BoundCall | undefined {
  let best: BoundCall | undefined;
  for (const entry of bound.calls.values()) {
    const { inner } = entry.call;
    if (inner.start <= offset && offset <= inner.end && (!best || inner.start >= best.call.inner.start)) best = entry;
  }
  return best;
}

/** The cursor is on a bare name (a keyword being typed) or on the name of a keyword argument. */
function isNameSlot(arg: PyArgument, offset: number): boolean {
  if (arg.nameSpan) return offset <= arg.nameSpan.end;
  return arg.value.kind === 'name' && !arg.value.name.includes('.');
}

function argumentCompletions(module: PyModule, entry: BoundCall, current: PyArgument | undefined, replace: Span): CompletionItem[] {
  const { schema } = entry.callable;
  const used = new Set([...entry.bound.byName].filter(([, a]) => a !== current).map(([name]) => name));
  const keepEquals = current?.nameSpan !== undefined; // renaming `name=...`: the `=` is already there
  return propertyNames(schema)
    .filter((name) => !used.has(name))
    .map((name, i) => {
      const doc = describeProperty(schema, name);
      const value = isRequired(schema, name) ? '(required)' : doc && 'default' in doc ? `= ${formatPythonLiteral(doc.default)}` : '';
      const detail = [doc?.type, value].filter(Boolean).join(' ');
      return {
        label: name,
        kind: 'argument',
        detail,
        documentation: argumentMarkdown(schema, name) ?? '',
        insertText: keepEquals ? name : `${name}=`,
        range: module.lines.range(replace.start, replace.end),
        sortText: String(i).padStart(3, '0'),
      } satisfies CompletionItem;
    });
}

function gpuCompletions(module: PyModule, value: PyValue, offset: number): CompletionItem[] {
  const { source, lines } = module;
  let replace: Span = { start: offset, end: offset };
  let quote: string | undefined = '"';
  let others: PyValue[] = [];
  if (value.kind === 'list') {
    const item = value.items.find((i) => i.span.start <= offset && offset <= i.span.end);
    others = value.items.filter((i) => i !== item);
    const styled = others.find((i) => i.kind === 'str');
    if (styled?.kind === 'str' && source[styled.parts[0]!.content.start - 1] === "'") quote = "'";
    if (item?.kind === 'str' && item.parts.length === 1) {
      const { content, terminated, span } = item.parts[0]!;
      if (offset < content.start || (terminated && offset > content.end) || offset > span.end) return [];
      replace = { start: content.start, end: Math.max(content.start, terminated ? content.end : span.end) };
      quote = undefined;
    } else if (item || !followsOneOf(source, value.span.start, offset, '[,')) return [];
  } else if (value.kind === 'expr' && value.span.start === value.span.end) {
    quote = undefined; // `include=` with nothing yet: offer a whole list
  } else return [];
  const taken = new Set(others.flatMap((i) => (i.kind === 'str' ? [i.value] : [])));
  const wrap = (id: string): string => (value.kind === 'list' ? (quote ? `${quote}${id}${quote}` : id) : `["${id}"]`);
  return GPUS.filter((g) => !taken.has(g.id)).map((g, i) => ({
    label: g.id,
    kind: 'gpu',
    detail: gpuSummary(g),
    documentation: gpuMarkdown(g.id),
    insertText: wrap(g.id),
    range: lines.range(replace.start, replace.end),
    sortText: String(i).padStart(3, '0'),
  }));
}
