// A fix is one edit in the editor: all its ranges refer to the original text and must not
// overlap (LSP; VS Code's WorkspaceEdit refuses such edits). In half-typed code the pieces of a
// fix can land on top of each other, e.g. inserting `tee=True` after the last argument of an
// unclosed Chute( whose last argument is the NodeSelector being edited. Such a fix is dropped.
import type { Position } from '../python/positions';
import type { Diagnostic, Fix, TextEdit } from './types';

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

export function editsOverlap(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) =>
    before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : before(a.range.end, b.range.end) ? -1 : 1,
  );
  return sorted.some((edit, i) => i > 0 && before(edit.range.start, sorted[i - 1].range.end));
}

/** The diagnostic with only the fixes that can be applied; without `fixes` when none can. */
export function withApplicableFixes(diagnostic: Diagnostic): Diagnostic {
  if (!diagnostic.fixes) return diagnostic;
  const fixes: Fix[] = diagnostic.fixes.filter((fix) => !editsOverlap(fix.edits));
  if (fixes.length === diagnostic.fixes.length) return diagnostic;
  const { fixes: _dropped, ...rest } = diagnostic;
  return fixes.length ? { ...rest, fixes } : rest;
}
