// Python's rendering of values inside f-strings, so error texts read exactly like the server's.

/** repr() of a str: single quotes unless the text holds a single quote and no double quote. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** str() of a float: integral values keep a trailing `.0`. */
export function pyFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

export const pyBool = (value: boolean): string => (value ? 'True' : 'False');

/** round(x, 2) for display. */
export const pyRound2 = (value: number): number => Math.round(value * 100) / 100;

/** semcomp from api/util.py: compare dotted versions numerically, missing parts count as 0. */
export function semcomp(a: string, b: string): number {
  const parse = (v: string) => v.split('.').map((p) => parseInt(p, 10) || 0);
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** Timestamps as orjson writes timezone-aware datetimes. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/** Timestamps as orjson writes naive datetimes (api_keys, secrets). */
export function isoNaive(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000');
}
