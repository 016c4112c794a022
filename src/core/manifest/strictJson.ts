// Where a text stops being strict JSON (RFC 8259) and why: one linear pass with an explicit stack
// (no recursion, so deep nesting cannot overflow). Manifests are read by the YAML parser, which
// accepts a little more than JSON (comments, trailing commas, single quotes); this says so at the
// exact offset, from the grammar rather than from the wording of a JavaScript engine's error.

import { workMeter } from '../python/workMeter';

export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

const enum Expect {
  Value,
  Key,
  AfterValue,
}

const LITERALS = ['true', 'false', 'null'];

export function strictJsonError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: number[] = []; // 123 `{` or 91 `[`
  let i = 0;
  let expect = Expect.Value;
  let afterComma = false;
  const fail = (reason: string, offset = i): JsonSyntaxError => ({ offset, reason });
  const describe = (at: number): string => (at >= n ? 'end of input' : `'${text[at]}'`);

  for (;;) {
    workMeter.steps++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      i++;
    }
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) return fail('comments are not allowed in JSON');
    if (expect === Expect.AfterValue) {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? fail(`unexpected ${describe(i)} after the end of the JSON value`) : undefined;
      const close = top === 123 ? 125 : 93;
      if (c === 44 /* , */) {
        i++;
        afterComma = true;
        expect = top === 123 ? Expect.Key : Expect.Value;
      } else if (c === close) {
        i++;
        stack.pop();
      } else return fail(`expected ',' or '${top === 123 ? '}' : ']'}', found ${describe(i)}`);
      continue;
    }
    if (i >= n) return fail('unexpected end of input');
    if (afterComma && (c === 125 || c === 93)) return fail('trailing commas are not allowed in JSON');
    afterComma = false;
    if (expect === Expect.Key) {
      if (c !== 34) return fail(`expected a double-quoted property name, found ${describe(i)}`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      while (i < n && /[ \t\r\n]/.test(text[i]!)) i++;
      if (text.charCodeAt(i) !== 58 /* : */) return fail(`expected ':' after the property name, found ${describe(i)}`);
      i++;
      expect = Expect.Value;
      continue;
    }
    // A value.
    if (c === 123 || c === 91) {
      stack.push(c);
      i++;
      let j = i;
      while (j < n && /[ \t\r\n]/.test(text[j]!)) j++;
      if (text.charCodeAt(j) === (c === 123 ? 125 : 93)) {
        i = j + 1;
        stack.pop();
        expect = Expect.AfterValue;
      } else expect = c === 123 ? Expect.Key : Expect.Value;
      continue;
    }
    let end: number | JsonSyntaxError;
    if (c === 34) end = scanString(text, i);
    else if (c === 45 || (c >= 48 && c <= 57)) end = scanNumber(text, i);
    else {
      const literal = LITERALS.find((l) => text.startsWith(l, i));
      if (!literal) return fail(c === 39 ? 'strings must use double quotes in JSON' : `unexpected ${describe(i)}`);
      end = i + literal.length;
    }
    if (typeof end !== 'number') return end;
    i = end;
    expect = Expect.AfterValue;
  }
}

function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 0x20) return { offset: i, reason: 'control characters must be escaped in JSON strings' };
    if (c === 92) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, reason: 'a \\u escape needs four hex digits' };
        i += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: i, reason: `invalid escape \\${e ?? ''} in a JSON string` };
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: start, reason: 'unterminated string' };
}

function scanNumber(text: string, start: number): number | JsonSyntaxError {
  let i = start;
  const digits = (): number => {
    const from = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    return i - from;
  };
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (!digits()) return { offset: i, reason: 'invalid number' };
  if (text[i] === '.') {
    i++;
    if (!digits()) return { offset: i, reason: 'a decimal point must be followed by digits' };
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!digits()) return { offset: i, reason: 'an exponent needs digits' };
  }
  return i;
}
