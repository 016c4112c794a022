// Text edits on call arguments that keep the user's layout: removing an argument removes its
// comma (and its whole line when it sits on a line of its own), inserting follows the existing
// one-per-line or inline style. The text around arguments is scanned character by character, never
// with regexes whose quantifiers overlap (60k spaces before a `\` made `^\s*,?\s*` quadratic).

import type { PyArgument, PyArgumentList, PyModule } from '../python/types';
import type { Span } from '../python/positions';
import type { TextEdit } from './types';
import { workMeter } from '../python/workMeter';

const isWhitespace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** The first offset in [from, to) that is not whitespace (`to` when there is none). */
function skipWhitespace(text: string, from: number, to: number, lineBreaks = true): number {
  let i = from;
  while (i < to) {
    workMeter.steps++;
    const c = text.charCodeAt(i);
    if (!(lineBreaks ? isWhitespace(c) : c === 32 || c === 9)) break;
    i++;
  }
  return i;
}

/** Offset just after a comma that follows only whitespace from `from`, or -1. */
function commaAfter(text: string, from: number, to: number): number {
  const at = skipWhitespace(text, from, to);
  return at < to && text.charCodeAt(at) === 44 ? at + 1 : -1;
}

export function replaceSpan(module: PyModule, span: Span, newText: string): TextEdit {
  return { range: module.lines.range(span.start, span.end), newText };
}

/** Whether `arg` is alone on its line(s), apart from its comma and a trailing comment. */
function ownsLines(module: PyModule, arg: PyArgument): boolean {
  const { source, lines } = module;
  const first = lines.position(arg.span.start).line;
  const last = lines.position(arg.span.end).line;
  if (skipWhitespace(source, lines.lineStart(first), arg.span.start) < arg.span.start) return false;
  // After it: blanks, an optional comma, blanks, then the line's end or a comment.
  const end = lines.lineEnd(last);
  const comma = commaAfter(source, arg.span.end, end);
  const rest = skipWhitespace(source, comma >= 0 ? comma : arg.span.end, end);
  return rest === end || source.charCodeAt(rest) === 35;
}

function indentOf(module: PyModule, arg: PyArgument): string {
  const { source, lines } = module;
  const start = lines.lineStart(lines.position(arg.span.start).line);
  return /^[ \t]*/.exec(source.slice(start, arg.span.start))![0];
}

export function removeArgument(module: PyModule, list: PyArgumentList, arg: PyArgument): TextEdit {
  const { source, lines } = module;
  const index = list.args.indexOf(arg);
  const next = list.args[index + 1];
  const previous = list.args[index - 1];
  if (ownsLines(module, arg) && (previous || next)) {
    const lastLine = lines.position(arg.span.end).line;
    const end = lastLine + 1 < lines.lineCount ? lines.lineStart(lastLine + 1) : source.length;
    return replaceSpan(module, { start: lines.lineStart(lines.position(arg.span.start).line), end }, '');
  }
  if (next) return replaceSpan(module, { start: arg.span.start, end: next.span.start }, '');
  if (previous) return replaceSpan(module, { start: previous.span.end, end: arg.span.end }, '');
  const comma = commaAfter(source, arg.span.end, list.inner.end);
  const end = comma >= 0 ? skipWhitespace(source, comma, list.inner.end, false) : skipWhitespace(source, arg.span.end, list.inner.end);
  return replaceSpan(module, { start: arg.span.start, end }, '');
}

/** Adds `text` (e.g. `tee=True`) as the last argument. */
export function insertArgument(module: PyModule, list: PyArgumentList, text: string): TextEdit[] {
  const { source, lines } = module;
  const last = list.args[list.args.length - 1];
  if (!last) return [replaceSpan(module, { start: list.open.end, end: list.open.end }, text)];
  const comma = commaAfter(source, last.span.end, list.inner.end);
  if (ownsLines(module, last)) {
    const indent = indentOf(module, last);
    const lineEnd = lines.lineEnd(lines.position(last.span.end).line);
    if (comma >= 0) return [replaceSpan(module, { start: lineEnd, end: lineEnd }, `\n${indent}${text},`)];
    if (lineEnd === last.span.end) return [replaceSpan(module, { start: lineEnd, end: lineEnd }, `,\n${indent}${text}`)];
    // Keep a trailing comment on its own argument's line.
    return [replaceSpan(module, { start: last.span.end, end: last.span.end }, ','), replaceSpan(module, { start: lineEnd, end: lineEnd }, `\n${indent}${text}`)];
  }
  if (comma >= 0) return [replaceSpan(module, { start: comma, end: comma }, ` ${text}`)];
  return [replaceSpan(module, { start: last.span.end, end: last.span.end }, `, ${text}`)];
}

/** Edits that import `name` from `from` unless the module already binds it (added after the last import). */
export function importEdits(module: PyModule, from: string, name: string): TextEdit[] {
  if (module.imports.some((imp) => imp.kind === 'from' && imp.names.some((n) => (n.alias ?? n.name) === name))) return [];
  const { lines } = module;
  const last = module.imports[module.imports.length - 1];
  const line = last ? lines.position(last.span.end).line + 1 : 0;
  const at = line < lines.lineCount ? lines.lineStart(line) : module.source.length;
  const newline = at === module.source.length && at > 0 && !module.source.endsWith('\n') ? '\n' : '';
  return [replaceSpan(module, { start: at, end: at }, `${newline}from ${from} import ${name}\n`)];
}
