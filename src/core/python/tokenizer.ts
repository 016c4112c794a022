// A tolerant Python tokenizer: one linear pass, never throws, and copes with code that is still
// being typed (unterminated strings end at the line break, or at the end for triple quotes;
// unclosed brackets end at the end of the file or at the next top-level `def`/`class`/`import`/
// `from`/decorator line). It keeps only what the call extractor needs: no INDENT/DEDENT.

import type { Span } from './positions';
import { workMeter } from './workMeter';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'eof';

export interface StringInfo {
  /** Lower-cased prefix letters, e.g. "", "r", "rb", "f". */
  prefix: string;
  triple: boolean;
  terminated: boolean;
  /** Offsets of the text between the quotes. */
  content: Span;
  raw: boolean;
  bytes: boolean;
  /** f-string or t-string: its value is not a literal. */
  formatted: boolean;
}

export interface Token extends Span {
  kind: TokenKind;
  text: string;
  /** First token of a logical line. */
  lineStart: boolean;
  /** Offset of the start of the physical line holding the token. */
  lineOffset: number;
  string?: StringInfo;
}

export interface TokenStream {
  tokens: Token[];
  /** For bracket tokens: index of the matching bracket, or -1. */
  partner: Int32Array;
  /**
   * For opening brackets: index of the token that ends its region: the closing bracket, or for an
   * unclosed bracket the newline/eof token where recovery closed it.
   */
  regionEnd: Int32Array;
  comments: Span[];
}

const OPEN = '([{';
const CLOSE = ')]}';
const OPS3 = new Set(['**=', '//=', '>>=', '<<=', '...']);
const OPS2 = new Set(['**', '//', '<<', '>>', '<=', '>=', '==', '!=', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);
/** Statements that cannot appear inside brackets: seeing one at column 0 closes unclosed brackets. */
const RECOVERY_KEYWORDS = new Set(['def', 'class', 'import', 'from', 'async']);
/** Deeper f-string nesting is scanned as plain text (keeps recursion bounded). */
const MAX_FSTRING_DEPTH = 32;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 0xa0 || c === 0xfeff;
}

interface Scanned {
  end: number;
  terminated: boolean;
}

/** Scans a string literal whose opening quote is at `quoteAt`. */
function scanString(src: string, quoteAt: number, formatted: boolean, depth: number): Scanned & { contentEnd: number; triple: boolean } {
  const q = src.charCodeAt(quoteAt);
  const triple = src.charCodeAt(quoteAt + 1) === q && src.charCodeAt(quoteAt + 2) === q;
  let j = quoteAt + (triple ? 3 : 1);
  const n = src.length;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === 92) {
      // A backslash always protects the next character from ending the string, raw or not.
      j += src.charCodeAt(j + 1) === 13 && src.charCodeAt(j + 2) === 10 ? 3 : 2;
      continue;
    }
    if (!triple && (c === 10 || c === 13)) return { end: j, contentEnd: j, terminated: false, triple };
    if (c === q) {
      if (!triple) return { end: j + 1, contentEnd: j, terminated: true, triple };
      if (src.charCodeAt(j + 1) === q && src.charCodeAt(j + 2) === q) {
        return { end: j + 3, contentEnd: j, terminated: true, triple };
      }
    } else if (formatted && c === 123 /* { */ && depth < MAX_FSTRING_DEPTH) {
      if (src.charCodeAt(j + 1) === 123) {
        j += 2;
        continue;
      }
      const field = scanReplacementField(src, j + 1, triple, depth + 1);
      j = field.end;
      if (!field.terminated) return { end: j, contentEnd: j, terminated: false, triple };
      continue;
    }
    j++;
  }
  return { end: n, contentEnd: n, terminated: false, triple };
}

/** Scans an f-string replacement field `{expr!r:spec}` starting after its `{`. */
function scanReplacementField(src: string, start: number, triple: boolean, depth: number): Scanned {
  const n = src.length;
  let j = start;
  let nesting = 0;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (!triple && (c === 10 || c === 13)) return { end: j, terminated: false };
    if (c === 40 || c === 91 || c === 123) nesting++;
    else if (c === 41 || c === 93) nesting = Math.max(0, nesting - 1);
    else if (c === 125) {
      if (nesting === 0) return { end: j + 1, terminated: true };
      nesting--;
    } else if (c === 34 || c === 39) {
      const inner = scanString(src, j, false, depth);
      if (!inner.terminated) return { end: inner.end, terminated: false };
      j = inner.end;
      continue;
    } else if (isNameStart(c)) {
      const prefixEnd = scanPrefix(src, j);
      if (prefixEnd >= 0) {
        const prefix = src.slice(j, prefixEnd).toLowerCase();
        const inner = scanString(src, prefixEnd, /[ft]/.test(prefix), depth);
        if (!inner.terminated) return { end: inner.end, terminated: false };
        j = inner.end;
        continue;
      }
      while (j < n && isNameChar(src.charCodeAt(j))) j++;
      continue;
    } else if (c === 58 /* : */ && nesting === 0) {
      return scanFormatSpec(src, j + 1, triple, depth);
    }
    j++;
  }
  return { end: n, terminated: false };
}

/** Format spec after `:`: quotes are literal text here; `{...}` nests another field. */
function scanFormatSpec(src: string, start: number, triple: boolean, depth: number): Scanned {
  const n = src.length;
  let j = start;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (!triple && (c === 10 || c === 13)) return { end: j, terminated: false };
    if (c === 125) return { end: j + 1, terminated: true };
    if (c === 123 && depth < MAX_FSTRING_DEPTH) {
      const inner = scanReplacementField(src, j + 1, triple, depth + 1);
      if (!inner.terminated) return inner;
      j = inner.end;
      continue;
    }
    j++;
  }
  return { end: n, terminated: false };
}

/** If a string prefix followed by a quote starts at `i`, returns the quote offset, else -1. */
function scanPrefix(src: string, i: number): number {
  let j = i;
  while (j < src.length && j - i < 2 && isNameStart(src.charCodeAt(j)) && src.charCodeAt(j) < 128) j++;
  const q = src.charCodeAt(j);
  if ((q !== 34 && q !== 39) || j === i) return -1;
  return STRING_PREFIXES.has(src.slice(i, j).toLowerCase()) ? j : -1;
}

function scanNumber(src: string, i: number): number {
  const n = src.length;
  let j = i;
  const c1 = src.charCodeAt(i + 1) | 32;
  if (src.charCodeAt(i) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
    j += 2;
    while (j < n && (isNameChar(src.charCodeAt(j)) && src.charCodeAt(j) < 128)) j++;
    return j;
  }
  while (j < n && (isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95)) j++;
  if (src.charCodeAt(j) === 46) {
    j++;
    while (j < n && (isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95)) j++;
  }
  const e = src.charCodeAt(j) | 32;
  if (e === 101) {
    let k = j + 1;
    if (src.charCodeAt(k) === 43 || src.charCodeAt(k) === 45) k++;
    if (isDigit(src.charCodeAt(k))) {
      j = k;
      while (j < n && (isDigit(src.charCodeAt(j)) || src.charCodeAt(j) === 95)) j++;
    }
  }
  if ((src.charCodeAt(j) | 32) === 106) j++;
  return j;
}

function lineBreakLength(src: string, i: number): number {
  const c = src.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13) return src.charCodeAt(i + 1) === 10 ? 2 : 1;
  return 0;
}

/** True when a statement that cannot live inside brackets starts at `i`. */
function startsStatement(src: string, i: number): boolean {
  if (src.charCodeAt(i) === 64 /* @ */) return isNameStart(src.charCodeAt(i + 1));
  let j = i;
  while (j < src.length && isNameChar(src.charCodeAt(j))) j++;
  return RECOVERY_KEYWORDS.has(src.slice(i, j)) && isSpace(src.charCodeAt(j));
}

export function tokenize(src: string): TokenStream {
  const tokens: Token[] = [];
  const comments: Span[] = [];
  const opens: number[] = [];
  /** For each kind of bracket, its positions in `opens` (so a closer finds its opener in O(1)). */
  const openAt: number[][] = [[], [], []];
  const pairs: Array<[number, number]> = [];
  const unclosed: Array<[number, number]> = [];
  const n = src.length;
  let i = 0;
  let lineOffset = 0;
  let logicalStart = true;

  const push = (kind: TokenKind, start: number, end: number, string?: StringInfo): void => {
    tokens.push({ kind, start, end, text: src.slice(start, end), lineStart: logicalStart, lineOffset, ...(string ? { string } : {}) });
    logicalStart = false;
  };
  const endLogicalLine = (at: number, width: number): void => {
    if (!logicalStart) {
      tokens.push({ kind: 'newline', start: at, end: at + width, text: src.slice(at, at + width), lineStart: false, lineOffset });
      logicalStart = true;
    }
  };

  while (i < n) {
    workMeter.steps++;
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const br = lineBreakLength(src, i);
    if (br) {
      if (opens.length === 0) endLogicalLine(i, br);
      i += br;
      lineOffset = i;
      continue;
    }
    if (c === 35 /* # */) {
      let j = i;
      while (j < n && !lineBreakLength(src, j)) j++;
      comments.push({ start: i, end: j });
      i = j;
      continue;
    }
    if (c === 92 /* \ */ && lineBreakLength(src, i + 1)) {
      i += 1 + lineBreakLength(src, i + 1);
      lineOffset = i;
      continue;
    }
    if (opens.length && i === lineOffset && startsStatement(src, i)) {
      // Recovery for code being typed: the unclosed brackets end before this statement.
      const at = tokens.length;
      for (const open of opens) unclosed.push([open, at]);
      opens.length = 0;
      for (const stack of openAt) stack.length = 0;
      logicalStart = false;
      endLogicalLine(i, 0);
    }
    if (isNameStart(c)) {
      const quoteAt = scanPrefix(src, i);
      if (quoteAt >= 0) {
        const prefix = src.slice(i, quoteAt).toLowerCase();
        const formatted = /[ft]/.test(prefix);
        const s = scanString(src, quoteAt, formatted, 0);
        const quoteLen = s.triple ? 3 : 1;
        push('string', i, s.end, {
          prefix,
          triple: s.triple,
          terminated: s.terminated,
          content: { start: quoteAt + quoteLen, end: Math.max(quoteAt + quoteLen, s.contentEnd) },
          raw: prefix.includes('r'),
          bytes: prefix.includes('b'),
          formatted,
        });
        i = s.end;
        continue;
      }
      let j = i + 1;
      while (j < n && isNameChar(src.charCodeAt(j))) j++;
      push('name', i, j);
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      const s = scanString(src, i, false, 0);
      const quoteLen = s.triple ? 3 : 1;
      push('string', i, s.end, {
        prefix: '',
        triple: s.triple,
        terminated: s.terminated,
        content: { start: i + quoteLen, end: Math.max(i + quoteLen, s.contentEnd) },
        raw: false,
        bytes: false,
        formatted: false,
      });
      i = s.end;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)))) {
      const j = scanNumber(src, i);
      push('number', i, j);
      i = j;
      continue;
    }
    let len = 1;
    if (OPS3.has(src.slice(i, i + 3))) len = 3;
    else if (OPS2.has(src.slice(i, i + 2))) len = 2;
    // Surrogate pairs stay whole so a token never splits a character.
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) len = 2;
    const op = src.slice(i, i + len);
    const index = tokens.length;
    push('op', i, i + len);
    const kind = len === 1 ? OPEN.indexOf(op) : -1;
    const closing = len === 1 && kind < 0 ? CLOSE.indexOf(op) : -1;
    if (kind >= 0) {
      openAt[kind]!.push(opens.length);
      opens.push(index);
    } else if (closing >= 0 && openAt[closing]!.length) {
      // The innermost opener of this kind; brackets above it were never closed and end here too.
      // Each opener leaves the stack once, so matching stays linear (no search down the stack).
      const k = openAt[closing]!.pop()!;
      for (let above = opens.length - 1; above > k; above--) {
        workMeter.steps++;
        unclosed.push([opens[above]!, index]);
        openAt[OPEN.indexOf(tokens[opens[above]!]!.text)]!.pop();
      }
      pairs.push([opens[k]!, index]);
      opens.length = k;
    }
    i += len;
  }
  // Brackets still open end at the final newline token, like those closed by recovery.
  for (const open of opens) unclosed.push([open, tokens.length]);
  endLogicalLine(n, 0);
  tokens.push({ kind: 'eof', start: n, end: n, text: '', lineStart: false, lineOffset });

  const partner = new Int32Array(tokens.length).fill(-1);
  const regionEnd = new Int32Array(tokens.length).fill(-1);
  for (const [open, close] of pairs) {
    partner[open] = close;
    partner[close] = open;
    regionEnd[open] = close;
  }
  for (const [open, end] of unclosed) regionEnd[open] = end;
  return { tokens, partner, regionEnd, comments };
}
