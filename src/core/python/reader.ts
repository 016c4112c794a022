// Reads a Python module the way a chute developer's editor sees it: finds the SDK calls that
// define a chute (Chute, NodeSelector, Image and its builder chain, the build_*_chute templates,
// the guide's TEEConfig, @<var>.cord/job decorators and the guide's @Chute class decorator), their
// arguments with literal values and exact ranges, the imports, and module-level bindings.
// Linear in the input, and it never throws: half-typed code yields partial results.

import { own } from './collections';
import { decodeStringBody, parseNumber } from './literals';
import { LineIndex, type Span } from './positions';
import { tokenize, type Token, type TokenStream } from './tokenizer';
import { workMeter } from './workMeter';
import type {
  CallKind,
  PyArgument,
  PyArgumentList,
  PyBinding,
  PyCall,
  PyDecoratorTarget,
  PyDictEntry,
  PyImport,
  PyImportedName,
  PyMethodCall,
  PyModule,
  PyStringPart,
  PyValue,
} from './types';

const CALL_NAMES: Readonly<Record<string, CallKind>> = {
  Chute: 'chute',
  NodeSelector: 'node-selector',
  Image: 'image',
  TEEConfig: 'tee-config',
  build_vllm_chute: 'template',
  build_sglang_chute: 'template',
  build_diffusion_chute: 'template',
  build_embedding_chute: 'template',
  build_tei_chute: 'template',
};
const DECORATOR_METHODS: Readonly<Record<string, CallKind>> = { cord: 'cord', job: 'job' };
/** Builder chains are only followed after Image(...). */
const CHAINED_KINDS = new Set<CallKind>(['image']);
/** Nesting deeper than this is reported as an opaque expression (bounded recursion). */
const MAX_DEPTH = 48;

export function readPython(source: string): PyModule {
  return new Reader(source).read();
}

/** True for `chutes` and its submodules. */
export function isChutesModule(module: string): boolean {
  return module === 'chutes' || module.startsWith('chutes.');
}

interface ParsedCall {
  call: PyCall;
  /** Index of the last token belonging to the call (its `)`, or the end of a builder chain). */
  endToken: number;
}

class Reader {
  private readonly stream: TokenStream;
  private readonly tokens: Token[];
  private readonly lines: LineIndex;
  private readonly memo = new Map<number, ParsedCall | null>();
  /** Decorator targets by the index of the decorator line's `@` (stacked decorators share one). */
  private readonly targets = new Map<number, PyDecoratorTarget | undefined>();

  constructor(private readonly src: string) {
    this.stream = tokenize(src);
    this.tokens = this.stream.tokens;
    this.lines = new LineIndex(src);
  }

  read(): PyModule {
    const imports = this.readImports();
    const bindings = this.readBindings();
    for (let i = 0; i < this.tokens.length; i++) {
      if (this.tokens[i]!.kind === 'name' && this.isOp(i + 1, '(')) this.callAt(i, 0);
    }
    const calls: PyCall[] = [];
    for (const parsed of this.memo.values()) if (parsed) calls.push(parsed.call);
    calls.sort((a, b) => a.span.start - b.span.start);
    const importsChutes = imports.some((imp) =>
      imp.kind === 'from' ? isChutesModule(imp.module) : imp.names.some((n) => isChutesModule(n.name)),
    );
    return { source: this.src, lines: this.lines, importsChutes, imports, calls, bindings };
  }

  private tok(i: number): Token {
    return this.tokens[Math.max(0, Math.min(i, this.tokens.length - 1))]!;
  }

  private isOp(i: number, text: string): boolean {
    const t = this.tok(i);
    return t.kind === 'op' && t.text === text && i >= 0 && i < this.tokens.length;
  }

  private isName(i: number, text?: string): boolean {
    const t = this.tok(i);
    return i >= 0 && t.kind === 'name' && (text === undefined || t.text === text);
  }

  private located(start: number, end: number): { span: Span; range: ReturnType<LineIndex['range']>; text: string } {
    return { span: { start, end }, range: this.lines.range(start, end), text: this.src.slice(start, end) };
  }

  // ---- calls ---------------------------------------------------------------------------------

  private callAt(nameIndex: number, depth: number): ParsedCall | null {
    const cached = this.memo.get(nameIndex);
    if (cached !== undefined) return cached;
    if (depth > MAX_DEPTH) return null; // not memoised: the top-level scan parses it later
    const parsed = this.parseCall(nameIndex, depth);
    this.memo.set(nameIndex, parsed);
    return parsed;
  }

  private parseCall(nameIndex: number, depth: number): ParsedCall | null {
    workMeter.steps++;
    const nameToken = this.tokens[nameIndex]!;
    let first = nameIndex;
    while (this.isOp(first - 1, '.') && this.isName(first - 2)) first -= 2;
    const hasReceiver = first < nameIndex;
    const isDecorator = this.isOp(first - 1, '@') && this.tok(first - 1).lineStart;
    let kind = own(CALL_NAMES, nameToken.text);
    if (!kind && hasReceiver && isDecorator) kind = own(DECORATOR_METHODS, nameToken.text);
    if (!kind || this.isName(first - 1, 'def') || this.isName(first - 1, 'class')) return null;

    const args = this.argumentList(nameIndex + 1, depth);
    let endToken = this.lastTokenOf(nameIndex + 1);
    const methods: PyMethodCall[] = [];
    if (CHAINED_KINDS.has(kind)) {
      while (args.close && this.stream.partner[endToken] >= 0 && this.isOp(endToken + 1, '.') && this.isName(endToken + 2) && this.isOp(endToken + 3, '(')) {
        const methodName = this.tokens[endToken + 2]!;
        const methodArgs = this.argumentList(endToken + 3, depth);
        const methodEnd = this.lastTokenOf(endToken + 3);
        methods.push({
          ...this.located(methodName.start, this.tokens[methodEnd]!.end),
          ...methodArgs,
          name: methodName.text,
          nameSpan: { start: methodName.start, end: methodName.end },
          nameRange: this.lines.range(methodName.start, methodName.end),
        });
        endToken = methodEnd;
        if (!methodArgs.close) break;
      }
    }

    const firstToken = this.tokens[first]!;
    const call: PyCall = {
      // The call's own span; chained builder calls have theirs in `methods`.
      ...this.located(firstToken.start, this.tokens[this.lastTokenOf(nameIndex + 1)]!.end),
      ...args,
      kind,
      name: nameToken.text,
      nameSpan: { start: nameToken.start, end: nameToken.end },
      nameRange: this.lines.range(nameToken.start, nameToken.end),
      callee: this.src.slice(firstToken.start, nameToken.end).replace(/\s+/g, ''),
      methods,
    };
    if (hasReceiver && (kind === 'cord' || kind === 'job')) {
      call.receiver = this.src.slice(firstToken.start, this.tokens[nameIndex - 2]!.end).replace(/\s+/g, '');
    }
    if (isDecorator) {
      const at = this.tokens[first - 1]!;
      const target = this.decoratorTarget(endToken);
      call.decorator = { at: { start: at.start, end: at.end }, ...(target ? { target } : {}) };
    }
    if (this.isOp(first - 1, '=') && this.isName(first - 2) && this.tok(first - 2).lineStart) {
      call.assignedTo = this.tokens[first - 2]!.text;
    }
    return { call, endToken };
  }

  /** Last token of the bracket region opened at `open` (its closer, or the last token inside). */
  private lastTokenOf(open: number): number {
    if (this.stream.partner[open]! >= 0) return this.stream.partner[open]!;
    return Math.max(open, this.stream.regionEnd[open]! - 1);
  }

  private argumentList(open: number, depth: number): PyArgumentList {
    const openToken = this.tokens[open]!;
    const end = this.stream.regionEnd[open]!;
    const closed = this.stream.partner[open]! >= 0;
    const endToken = this.tok(end);
    const { parts } = this.splitTopLevel(open + 1, end);
    const args: PyArgument[] = [];
    let position = 0;
    for (const [s, e] of parts) {
      const arg = this.argument(s, e, depth);
      if (arg.position !== undefined) arg.position = position++;
      args.push(arg);
    }
    return {
      args,
      open: { start: openToken.start, end: openToken.end },
      ...(closed ? { close: { start: endToken.start, end: endToken.end } } : {}),
      inner: { start: openToken.end, end: Math.max(openToken.end, endToken.start) },
    };
  }

  private argument(s: number, e: number, depth: number): PyArgument {
    const first = this.tokens[s]!;
    const whole = this.located(first.start, this.tokens[e - 1]!.end);
    if (this.isOp(s, '*') || this.isOp(s, '**')) {
      return { ...whole, star: first.text as '*' | '**', value: this.value(s + 1, e, depth, first.end) };
    }
    if (first.kind === 'name' && this.isOp(s + 1, '=') && s + 1 < e) {
      return {
        ...whole,
        name: first.text,
        nameSpan: { start: first.start, end: first.end },
        nameRange: this.lines.range(first.start, first.end),
        value: this.value(s + 2, e, depth, this.tokens[s + 1]!.end),
      };
    }
    return { ...whole, position: 0, value: this.value(s, e, depth, first.start) };
  }

  /** Splits tokens [a, b) at top-level commas, jumping over bracketed regions. */
  private splitTopLevel(a: number, b: number): { parts: Array<[number, number]>; trailingComma: boolean } {
    const parts: Array<[number, number]> = [];
    let s = a;
    let i = a;
    let trailingComma = false;
    while (i < b) {
      workMeter.steps++;
      const t = this.tokens[i]!;
      if (t.kind === 'op' && t.text === ',') {
        if (i > s) parts.push([s, i]);
        trailingComma = true;
        s = ++i;
        continue;
      }
      trailingComma = false;
      const info = t.string;
      if (info && !info.terminated && !info.triple) {
        // A string left open while typing ends its element, so the next line still parses.
        parts.push([s, i + 1]);
        s = ++i;
        continue;
      }
      const end = this.stream.regionEnd[i]!;
      i = end > i ? (end < b ? end + 1 : b) : i + 1;
    }
    if (s < b) {
      parts.push([s, b]);
      trailingComma = false;
    }
    return { parts, trailingComma };
  }

  // ---- values --------------------------------------------------------------------------------

  /** Interprets tokens [a, b) as a value; `emptyAt` places an empty value (e.g. `name=` while typing). */
  private value(a: number, b: number, depth: number, emptyAt: number): PyValue {
    if (a >= b) return { kind: 'expr', ...this.located(emptyAt, emptyAt) };
    const whole = this.located(this.tokens[a]!.start, this.tokens[b - 1]!.end);
    if (depth > MAX_DEPTH) return { kind: 'expr', ...whole };
    const t = this.tokens[a]!;

    if (t.kind === 'string') return this.stringValue(a, b, whole);
    if (t.kind === 'number' && b - a === 1) return this.numberValue(t.text, 1, whole);
    if (t.kind === 'op' && (t.text === '-' || t.text === '+') && b - a === 2 && this.tokens[a + 1]!.kind === 'number') {
      return this.numberValue(this.tokens[a + 1]!.text, t.text === '-' ? -1 : 1, whole);
    }
    if (t.kind === 'name' && b - a === 1) {
      if (t.text === 'True' || t.text === 'False') return { kind: 'bool', value: t.text === 'True', ...whole };
      if (t.text === 'None') return { kind: 'none', ...whole };
    }
    if (t.kind === 'op' && '([{'.includes(t.text) && t.text.length === 1) return this.display(a, b, depth, whole);
    if (t.kind === 'name') {
      let k = a;
      while (k + 2 < b && this.isOp(k + 1, '.') && this.isName(k + 2)) k += 2;
      if (k + 1 === b) return { kind: 'name', name: whole.text.replace(/\s+/g, ''), ...whole };
      if (this.isOp(k + 1, '(')) {
        const parsed = this.callAt(k, depth + 1);
        if (parsed && parsed.endToken === b - 1) return { kind: 'call', call: parsed.call, ...whole };
      }
    }
    return { kind: 'expr', ...whole };
  }

  private stringValue(a: number, b: number, whole: ReturnType<Reader['located']>): PyValue {
    const parts: PyStringPart[] = [];
    let value = '';
    for (let i = a; i < b; i++) {
      const info = this.tokens[i]!.string;
      if (!info || info.formatted || info.bytes) return { kind: 'expr', ...whole };
      parts.push({ span: { start: this.tokens[i]!.start, end: this.tokens[i]!.end }, content: info.content, terminated: info.terminated });
      value += decodeStringBody(this.src.slice(info.content.start, info.content.end), info.raw);
    }
    return { kind: 'str', value, parts, ...whole };
  }

  private numberValue(text: string, sign: number, whole: ReturnType<Reader['located']>): PyValue {
    const parsed = parseNumber(text);
    if (!parsed) return { kind: 'expr', ...whole };
    return { kind: 'number', value: sign * parsed.value, integer: parsed.integer, ...whole };
  }

  private display(a: number, b: number, depth: number, whole: ReturnType<Reader['located']>): PyValue {
    const open = this.tokens[a]!.text;
    const end = this.stream.regionEnd[a]!;
    const closed = this.stream.partner[a]! >= 0;
    if (closed ? end !== b - 1 : end < b) return { kind: 'expr', ...whole };
    const { parts, trailingComma } = this.splitTopLevel(a + 1, closed ? end : b);
    if (open === '(') {
      if (parts.length === 1 && !trailingComma) return this.value(parts[0]![0], parts[0]![1], depth + 1, whole.span.start);
      return { kind: 'list', tuple: true, closed, items: parts.map(([s, e]) => this.value(s, e, depth + 1, whole.span.start)), ...whole };
    }
    if (open === '[') {
      return { kind: 'list', tuple: false, closed, items: parts.map(([s, e]) => this.value(s, e, depth + 1, whole.span.start)), ...whole };
    }
    const entries: PyDictEntry[] = [];
    for (const [s, e] of parts) {
      const colon = this.topLevelColon(s, e);
      if (colon < 0) return { kind: 'expr', ...whole }; // a set, or `**spread`
      entries.push({
        key: this.value(s, colon, depth + 1, this.tokens[s]!.start),
        value: this.value(colon + 1, e, depth + 1, this.tokens[colon]!.end),
      });
    }
    return { kind: 'dict', entries, closed, ...whole };
  }

  private topLevelColon(a: number, b: number): number {
    let i = a;
    while (i < b) {
      workMeter.steps++;
      if (this.isOp(i, ':')) return i;
      const end = this.stream.regionEnd[i]!;
      i = end > i ? end + 1 : i + 1;
    }
    return -1;
  }

  // ---- statements ----------------------------------------------------------------------------

  /** Index of the newline (or eof) token ending the logical line that holds token `i`. */
  private logicalLineEnd(i: number): number {
    let j = i;
    while (j < this.tokens.length - 1 && this.tokens[j]!.kind !== 'newline') {
      workMeter.steps++;
      const end = this.stream.regionEnd[j]!;
      j = end > j ? end : j + 1;
    }
    return j;
  }

  /**
   * The def/class that the decorator ending at `endToken` decorates. Stacked decorators share it:
   * each decorator line is walked once, so 30k stacked decorators do not rescan those below them.
   */
  private decoratorTarget(endToken: number): PyDecoratorTarget | undefined {
    const walked: number[] = [];
    let j = this.logicalLineEnd(endToken) + 1;
    let target: PyDecoratorTarget | undefined;
    for (;;) {
      if (this.targets.has(j)) {
        target = this.targets.get(j);
        break;
      }
      if (!(this.isOp(j, '@') && this.tok(j).lineStart)) {
        target = this.definitionAt(j);
        break;
      }
      walked.push(j);
      j = this.logicalLineEnd(j) + 1;
    }
    for (const at of walked) this.targets.set(at, target);
    return target;
  }

  private definitionAt(j: number): PyDecoratorTarget | undefined {
    if (this.isName(j, 'async')) j++;
    const keyword = this.tok(j).text;
    if ((keyword !== 'def' && keyword !== 'class') || !this.isName(j) || !this.isName(j + 1)) return undefined;
    const name = this.tokens[j + 1]!;
    return { keyword, name: name.text, nameSpan: { start: name.start, end: name.end }, nameRange: this.lines.range(name.start, name.end) };
  }

  private readBindings(): PyBinding[] {
    const bindings: PyBinding[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (!t.lineStart || t.kind !== 'name' || t.start !== t.lineOffset) continue;
      const end = this.logicalLineEnd(i);
      let eq = i + 1;
      if (this.isOp(eq, ':')) {
        // Annotated assignment: `name: Type = value`.
        while (eq < end && !this.isOp(eq, '=')) {
          const region = this.stream.regionEnd[eq]!;
          eq = region > eq ? region + 1 : eq + 1;
        }
      }
      if (eq >= end || !this.isOp(eq, '=')) continue;
      bindings.push({ name: t.text, nameSpan: { start: t.start, end: t.end }, value: this.value(eq + 1, end, 0, this.tokens[eq]!.end) });
      i = end;
    }
    return bindings;
  }

  private readImports(): PyImport[] {
    const imports: PyImport[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (!t.lineStart || t.kind !== 'name' || (t.text !== 'from' && t.text !== 'import')) continue;
      const end = this.logicalLineEnd(i);
      const parsed = t.text === 'from' ? this.fromImport(i, end) : this.plainImport(i, end);
      if (parsed) imports.push(parsed);
      i = end;
    }
    return imports;
  }

  /** Reads a dotted module path starting at `j` (leading dots allowed); returns it and the next index. */
  private dottedName(j: number, end: number, allowLeadingDots: boolean): { name: string; next: number } {
    let name = '';
    while (j < end && allowLeadingDots && (this.isOp(j, '.') || this.isOp(j, '...'))) name += this.tokens[j++]!.text;
    while (j < end && this.isName(j) && !this.isName(j, 'import') && !this.isName(j, 'as')) {
      name += this.tokens[j++]!.text;
      if (!this.isOp(j, '.')) break;
      name += '.';
      j++;
    }
    return { name, next: j };
  }

  private importedNames(j: number, end: number, dotted: boolean): PyImportedName[] {
    const names: PyImportedName[] = [];
    while (j < end) {
      if (this.isOp(j, '(') || this.isOp(j, ')') || this.isOp(j, ',')) {
        j++;
        continue;
      }
      const startToken = this.tokens[j]!;
      let name: string;
      if (this.isOp(j, '*')) {
        name = '*';
        j++;
      } else if (dotted) {
        const read = this.dottedName(j, end, false);
        if (read.next === j) break;
        name = read.name;
        j = read.next;
      } else if (this.isName(j)) {
        name = startToken.text;
        j++;
      } else break;
      let lastToken = this.tokens[j - 1]!;
      let alias: string | undefined;
      if (this.isName(j, 'as') && this.isName(j + 1)) {
        alias = this.tokens[j + 1]!.text;
        lastToken = this.tokens[j + 1]!;
        j += 2;
      }
      names.push({ name, ...(alias ? { alias } : {}), span: { start: startToken.start, end: lastToken.end }, range: this.lines.range(startToken.start, lastToken.end) });
    }
    return names;
  }

  private fromImport(i: number, end: number): PyImport | undefined {
    const module = this.dottedName(i + 1, end, true);
    if (!module.name || !this.isName(module.next, 'import')) return undefined;
    const names = this.importedNames(module.next + 1, end, false);
    return this.importStatement('from', i, end, module.name, names);
  }

  private plainImport(i: number, end: number): PyImport | undefined {
    const names = this.importedNames(i + 1, end, true);
    if (!names.length) return undefined;
    return this.importStatement('import', i, end, names[0]!.name, names);
  }

  private importStatement(kind: 'from' | 'import', i: number, end: number, module: string, names: PyImportedName[]): PyImport {
    const last = this.tokens[Math.max(i, end - 1)]!;
    return { kind, module, names, ...this.located(this.tokens[i]!.start, last.end) };
  }
}
