// Values of Python literal tokens: string bodies with their escapes, and numbers.

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decodes the text between the quotes of a (non-f) string literal. Unknown escapes stay as written. */
export function decodeStringBody(body: string, raw: boolean): string {
  if (raw || !body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1]!;
    if (e === '\n' || e === '\r') {
      i += e === '\r' && body[i + 2] === '\n' ? 3 : 2; // line continuation inside the string
      continue;
    }
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLength ? parseInt(hex, 16) : NaN;
      if (code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += 2 + hexLength;
        continue;
      }
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8));
      i += 1 + octal[0].length;
      continue;
    }
    out += c + e;
    i += 2;
  }
  return out;
}

export interface NumberValue {
  value: number;
  integer: boolean;
}

/** Value of a Python number token; undefined for complex numbers (`1j`) and malformed text. */
export function parseNumber(text: string): NumberValue | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('j')) return undefined;
  const radix = /^0([xob])/.exec(t);
  if (radix) {
    const digits = t.slice(2);
    const base = radix[1] === 'x' ? 16 : radix[1] === 'o' ? 8 : 2;
    const valid = base === 16 ? /^[0-9a-f]+$/ : base === 8 ? /^[0-7]+$/ : /^[01]+$/;
    return valid.test(digits) ? { value: parseInt(digits, base), integer: true } : undefined;
  }
  if (!/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return undefined;
  const integer = /^\d+$/.test(t);
  return { value: Number(t), integer };
}

/** Python source for a JSON value: None/True/False, double-quoted strings, lists and dicts. */
export function formatPythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value); // JSON escapes are valid Python escapes
  if (Array.isArray(value)) return `[${value.map(formatPythonLiteral).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${formatPythonLiteral(v)}`);
  return `{${entries.join(', ')}}`;
}
