import { describe, expect, it } from 'vitest';
import { decodeStringBody, formatPythonLiteral, parseNumber } from '../../../src/core/python/literals';
import { LineIndex } from '../../../src/core/python/positions';
import { tokenize, type Token } from '../../../src/core/python/tokenizer';

const kinds = (src: string): string[] => tokenize(src).tokens.map((t) => `${t.kind}:${t.text}`);
const strings = (src: string): Token[] => tokenize(src).tokens.filter((t) => t.kind === 'string');

describe('tokenize: strings', () => {
  it('reads every prefix, quote style and triple quotes as one token', () => {
    const src = `a = r"\\d+" + b'x' + Rb"\\x00" + u'é' + f"{x}" + '''tri'ple''' + """a\n"b"\n"""`;
    const found = strings(src);
    expect(found.map((t) => t.text)).toEqual([`r"\\d+"`, `b'x'`, `Rb"\\x00"`, `u'é'`, `f"{x}"`, `'''tri'ple'''`, `"""a\n"b"\n"""`]);
    expect(found.map((t) => [t.string!.prefix, t.string!.raw, t.string!.bytes, t.string!.formatted, t.string!.triple])).toEqual([
      ['r', true, false, false, false],
      ['b', false, true, false, false],
      ['rb', true, true, false, false],
      ['u', false, false, false, false],
      ['f', false, false, true, false],
      ['', false, false, false, true],
      ['', false, false, false, true],
    ]);
    expect(found.every((t) => t.string!.terminated)).toBe(true);
  });

  it('keeps escaped quotes inside, in raw strings too', () => {
    expect(strings(String.raw`x = "a\"b" + r'c\'d'`).map((t) => t.text)).toEqual([String.raw`"a\"b"`, String.raw`r'c\'d'`]);
  });

  it('scans f-string replacement fields with nested strings, brackets and format specs', () => {
    const src = `s = f"{d["key"]:>{width}} {'}'!r} {{literal}} {x:'^10}"\nnext_line = 1`;
    const found = strings(src);
    expect(found).toHaveLength(1);
    expect(found[0]!.string!.terminated).toBe(true);
    expect(kinds(src).slice(-6)).toEqual(['newline:\n', 'name:next_line', 'op:=', 'number:1', 'newline:', 'eof:']);
  });

  it('ends an unterminated single-quoted string at the line break and a triple-quoted one at the end', () => {
    const open = strings('name = "half\nnext = 1');
    expect(open[0]!.text).toBe('"half');
    expect(open[0]!.string!.terminated).toBe(false);
    expect(kinds('name = "half\nnext = 1')).toContain('name:next');
    const triple = strings('doc = """never closed\nstill = "inside"');
    expect(triple).toHaveLength(1);
    expect(triple[0]!.end).toBe('doc = """never closed\nstill = "inside"'.length);
  });
});

describe('tokenize: lines, comments and brackets', () => {
  it('treats comments, continuations and newlines inside brackets as non-logical', () => {
    const src = 'x = 1  # one\ny = (2,\n     3) \\\n    + 4\n';
    const { tokens, comments } = tokenize(src);
    expect(comments.map((c) => src.slice(c.start, c.end))).toEqual(['# one']);
    expect(tokens.filter((t) => t.kind === 'newline')).toHaveLength(2);
    expect(tokens.filter((t) => t.lineStart).map((t) => t.text)).toEqual(['x', 'y']);
  });

  it('pairs brackets and records where each region ends', () => {
    const { tokens, partner, regionEnd } = tokenize('f(a, [b, {c: (d)}])');
    const open = tokens.findIndex((t) => t.text === '[');
    expect(tokens[partner[open]!]!.text).toBe(']');
    expect(regionEnd[0 + 1]).toBe(tokens.length - 3); // `(` of f( ... ) ends at the last `)`
  });

  it('closes brackets left open while typing at the next top-level def, class, import or decorator', () => {
    const src = 'chute = Chute(name="x",\n\n@chute.cord()\ndef f():\n    pass\n';
    const { tokens, partner, regionEnd } = tokenize(src);
    const open = tokens.findIndex((t) => t.text === '(');
    expect(partner[open]).toBe(-1);
    const end = tokens[regionEnd[open]!]!;
    expect(end.kind).toBe('newline');
    expect(end.start).toBe(src.indexOf('@'));
    expect(tokens.find((t) => t.text === '@')!.lineStart).toBe(true);
  });

  it('keeps recovery off for code that is valid Python', () => {
    const src = 'x = (1 +\n  2)\nfrom_ = [a\nfor a in b]\n';
    const { tokens, partner } = tokenize(src);
    for (const [i, t] of tokens.entries()) if (t.text === '(' || t.text === '[') expect(partner[i]).toBeGreaterThan(i);
  });

  it('reads numbers in every notation', () => {
    expect(kinds('1_000 0x1F 0o17 0b101 1.5e-3 .5 5. 3j').filter((k) => k.startsWith('number')).length).toBe(8);
  });
});

describe('literal values', () => {
  it('decodes escapes, and leaves raw strings and unknown escapes alone', () => {
    expect(decodeStringBody(String.raw`a\nb\t\x41\u00e9\U0001F600\101\'\q`, false)).toBe("a\nb\tAé😀A'\\q");
    expect(decodeStringBody(String.raw`\d+\n`, true)).toBe(String.raw`\d+\n`);
    expect(decodeStringBody('line\\\ncontinued', false)).toBe('linecontinued');
  });

  it('parses Python numbers and refuses complex ones', () => {
    expect(parseNumber('1_000')).toEqual({ value: 1000, integer: true });
    expect(parseNumber('0x1F')).toEqual({ value: 31, integer: true });
    expect(parseNumber('2.5')).toEqual({ value: 2.5, integer: false });
    expect(parseNumber('1e3')).toEqual({ value: 1000, integer: false });
    expect(parseNumber('3j')).toBeUndefined();
    expect(parseNumber('0b102')).toBeUndefined();
  });

  it('formats JSON values as Python literals', () => {
    expect(formatPythonLiteral({ a: [1, true, null, 'x"y'] })).toBe('{"a": [1, True, None, "x\\"y"]}');
  });
});

describe('LineIndex', () => {
  it('maps offsets to 0-based line/UTF-16 character for \\n, \\r\\n and \\r', () => {
    const index = new LineIndex('ab\r\ncd\ref\nπ😀x');
    expect(index.position(5)).toEqual({ line: 1, character: 1 });
    expect(index.position(8)).toEqual({ line: 2, character: 1 });
    expect(index.position(13)).toEqual({ line: 3, character: 3 });
    expect(index.offset({ line: 1, character: 99 })).toBe(6);
    expect(index.lineEnd(0)).toBe(2);
  });
});
