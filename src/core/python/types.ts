// What the Python reader reports about a chute definition: calls of the SDK's builders with their
// arguments, literal values and exact ranges, imports and module-level bindings.

import type { LineIndex, Range, Span } from './positions';

interface Located {
  span: Span;
  range: Range;
  /** Source text of the span. */
  text: string;
}

export interface PyStringPart {
  /** The whole token, quotes and prefix included. */
  span: Span;
  /** The text between the quotes. */
  content: Span;
  terminated: boolean;
}

export type PyValue =
  | (Located & { kind: 'str'; value: string; parts: PyStringPart[] })
  | (Located & { kind: 'number'; value: number; integer: boolean })
  | (Located & { kind: 'bool'; value: boolean })
  | (Located & { kind: 'none' })
  | (Located & { kind: 'list'; items: PyValue[]; tuple: boolean; closed: boolean })
  | (Located & { kind: 'dict'; entries: PyDictEntry[]; closed: boolean })
  | (Located & { kind: 'call'; call: PyCall })
  | (Located & { kind: 'name'; name: string })
  /** Anything else (expressions, f-strings, bytes, comprehensions, half-typed text). */
  | (Located & { kind: 'expr' });

export interface PyDictEntry {
  key: PyValue;
  value: PyValue;
}

export interface PyArgument extends Located {
  /** Keyword name; absent for positional and star arguments. */
  name?: string;
  nameSpan?: Span;
  nameRange?: Range;
  star?: '*' | '**';
  /** 0-based index among positional arguments. */
  position?: number;
  value: PyValue;
}

export type CallKind = 'chute' | 'node-selector' | 'image' | 'tee-config' | 'template' | 'cord' | 'job';

export interface PyArgumentList {
  args: PyArgument[];
  /** The parentheses; `close` is absent while the call is unfinished. */
  open: Span;
  close?: Span;
  /** Where arguments live: after `(` up to `)` or, when unclosed, up to where recovery stopped. */
  inner: Span;
}

export interface PyMethodCall extends Located, PyArgumentList {
  name: string;
  nameSpan: Span;
  nameRange: Range;
}

export interface PyDecoratorTarget {
  keyword: 'def' | 'class';
  name: string;
  nameSpan: Span;
  nameRange: Range;
}

export interface PyCall extends Located, PyArgumentList {
  kind: CallKind;
  /** Last segment of the callee as written: `NodeSelector`, `build_vllm_chute`, `cord`. */
  name: string;
  nameSpan: Span;
  nameRange: Range;
  /** The callee as written, e.g. `chutes.chute.NodeSelector` or `chute.cord`. */
  callee: string;
  /** For `@<receiver>.cord(...)` / `.job(...)`: the receiver, e.g. `chute`. */
  receiver?: string;
  /** Chained builder calls after it: `Image(...).from_base(...).run_command(...)`. */
  methods: PyMethodCall[];
  /** Set when the call is a decorator (`@chute.cord(...)`, the guide's `@Chute(...)`). */
  decorator?: { at: Span; target?: PyDecoratorTarget };
  /** `name = Call(...)` as a statement of its own (any indentation). */
  assignedTo?: string;
}

export interface PyImportedName {
  /** `Chute` in `from chutes.chute import Chute`; the module path in `import chutes.chute`. */
  name: string;
  alias?: string;
  span: Span;
  range: Range;
}

export interface PyImport extends Located {
  kind: 'from' | 'import';
  /** Module of a `from` import (with leading dots when relative). */
  module: string;
  names: PyImportedName[];
}

/** `NAME = value` at module level (column 0). */
export interface PyBinding {
  name: string;
  nameSpan: Span;
  value: PyValue;
}

export interface PyModule {
  source: string;
  lines: LineIndex;
  /** `import chutes...` or `from chutes... import ...` anywhere in the file. */
  importsChutes: boolean;
  imports: PyImport[];
  /** Every recognised call, in source order, nested ones included. */
  calls: PyCall[];
  bindings: PyBinding[];
}
