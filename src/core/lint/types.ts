// The engine's output types, shaped like LSP so the VS Code layer only converts them.

import type { Position, Range } from '../python/positions';
import type { RuleId } from './rules';

export type { Position, Range };

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply by default when there are several. */
  preferred?: boolean;
}

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** One line saying what is wrong and what really happens on the platform. */
  message: string;
  rule: RuleId;
  fixes?: Fix[];
}

export interface Hover {
  range: Range;
  /** Markdown. */
  markdown: string;
}

export interface CompletionItem {
  label: string;
  kind: 'gpu' | 'argument';
  /** Short text shown next to the label, e.g. "80 GB · $1.79/h". */
  detail: string;
  /** Markdown. */
  documentation: string;
  insertText: string;
  /** The text the item replaces (empty at the cursor when nothing is typed yet). */
  range: Range;
  sortText: string;
}
