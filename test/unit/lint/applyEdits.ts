import { LineIndex } from '../../../src/core/python/positions';
import type { Diagnostic, Fix, TextEdit } from '../../../src/core/lint';

/** Applies LSP-style edits the way an editor does: all ranges refer to the original text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const located = edits.map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), newText: e.newText }));
  located.sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < located.length; i++) {
    if (located[i]!.end > located[i - 1]!.start) throw new Error('overlapping edits');
  }
  return located.reduce((acc, e) => acc.slice(0, e.start) + e.newText + acc.slice(e.end), text);
}

export function fixOf(diagnostics: readonly Diagnostic[], rule: string, title?: string | RegExp): Fix {
  const diagnostic = diagnostics.find((d) => d.rule === rule && d.fixes?.some((f) => title === undefined || (typeof title === 'string' ? f.title === title : title.test(f.title))));
  if (!diagnostic) throw new Error(`no fix for ${rule}: ${JSON.stringify(diagnostics.map((d) => [d.rule, d.fixes?.map((f) => f.title)]))}`);
  return diagnostic.fixes!.find((f) => title === undefined || (typeof title === 'string' ? f.title === title : title.test(f.title)))!;
}
