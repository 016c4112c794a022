// Request validation with FastAPI/pydantic v2 error shapes: 422 {"detail": [{type, loc, msg, input, ctx?}]}.
// Lax-mode coercions follow pydantic's conversion table for JSON and query strings.
import { HttpError, parseJson } from './http';
import { pyFloat } from './pyfmt';

export interface Issue { type: string; loc: (string | number)[]; msg: string; input: unknown; ctx?: Record<string, unknown> }

export type Spec =
  | { t: 'str'; min?: number; max?: number; pattern?: string }
  | { t: 'int'; ge?: number; le?: number }
  | { t: 'float'; ge?: number; le?: number; gt?: number; lt?: number }
  | { t: 'bool' }
  | { t: 'enum'; values: string[] }
  | { t: 'dict' }
  | { t: 'list'; of: Spec }
  | { t: 'model'; name: string; fields: Fields };

export interface Field {
  spec: Spec;
  required?: boolean;
  /** Optional[...] in the server model: null is accepted as is. */
  nullable?: boolean;
  default?: unknown;
  /** A pydantic validator: returns the ValueError text when the value is rejected. */
  check?: (value: never) => string | undefined;
}
export type Fields = Record<string, Field>;
type Loc = (string | number)[];

const BOOL_TRUE = ['1', 'on', 't', 'true', 'y', 'yes'];
const BOOL_FALSE = ['0', 'off', 'f', 'false', 'n', 'no'];
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function issue(issues: Issue[], type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): undefined {
  issues.push(ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input });
  return undefined;
}

function bounds(spec: { ge?: number; le?: number; gt?: number; lt?: number }, n: number, loc: Loc, input: unknown, issues: Issue[], float: boolean): boolean {
  const show = (x: number) => (float ? pyFloat(x) : String(x));
  if (spec.ge !== undefined && n < spec.ge) return !issue(issues, 'greater_than_equal', loc, `Input should be greater than or equal to ${show(spec.ge)}`, input, { ge: spec.ge });
  if (spec.gt !== undefined && n <= spec.gt) return !issue(issues, 'greater_than', loc, `Input should be greater than ${show(spec.gt)}`, input, { gt: spec.gt });
  if (spec.le !== undefined && n > spec.le) return !issue(issues, 'less_than_equal', loc, `Input should be less than or equal to ${show(spec.le)}`, input, { le: spec.le });
  if (spec.lt !== undefined && n >= spec.lt) return !issue(issues, 'less_than', loc, `Input should be less than ${show(spec.lt)}`, input, { lt: spec.lt });
  return true;
}

function validateValue(spec: Spec, input: unknown, loc: Loc, issues: Issue[]): unknown {
  switch (spec.t) {
    case 'str': {
      if (typeof input !== 'string') return issue(issues, 'string_type', loc, 'Input should be a valid string', input);
      const plural = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
      if (spec.min !== undefined && input.length < spec.min) return issue(issues, 'string_too_short', loc, `String should have at least ${plural(spec.min)}`, input, { min_length: spec.min });
      if (spec.max !== undefined && input.length > spec.max) return issue(issues, 'string_too_long', loc, `String should have at most ${plural(spec.max)}`, input, { max_length: spec.max });
      if (spec.pattern && !new RegExp(spec.pattern).test(input)) return issue(issues, 'string_pattern_mismatch', loc, `String should match pattern '${spec.pattern}'`, input, { pattern: spec.pattern });
      return input;
    }
    case 'int': {
      let n: number;
      if (typeof input === 'boolean') n = Number(input);
      else if (typeof input === 'number') {
        if (!Number.isInteger(input)) return issue(issues, 'int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', input);
        n = input;
      } else if (typeof input === 'string') {
        if (!/^\s*[+-]?\d+\s*$/.test(input)) return issue(issues, 'int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', input);
        n = Number(input);
      } else return issue(issues, 'int_type', loc, 'Input should be a valid integer', input);
      return bounds(spec, n, loc, input, issues, false) ? n : undefined;
    }
    case 'float': {
      let n: number;
      if (typeof input === 'number' || typeof input === 'boolean') n = Number(input);
      else if (typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) n = Number(input);
      else if (typeof input === 'string') return issue(issues, 'float_parsing', loc, 'Input should be a valid number, unable to parse string as a number', input);
      else return issue(issues, 'float_type', loc, 'Input should be a valid number', input);
      return bounds(spec, n, loc, input, issues, true) ? n : undefined;
    }
    case 'bool': {
      if (typeof input === 'boolean') return input;
      const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim().toLowerCase() : undefined;
      if (text === undefined) return issue(issues, 'bool_type', loc, 'Input should be a valid boolean', input);
      if (BOOL_TRUE.includes(text)) return true;
      if (BOOL_FALSE.includes(text)) return false;
      return issue(issues, 'bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', input);
    }
    case 'enum': {
      if (typeof input === 'string' && spec.values.includes(input)) return input;
      const quoted = spec.values.map((v) => `'${v}'`);
      const expected = `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
      return issue(issues, 'enum', loc, `Input should be ${expected}`, input, { expected });
    }
    case 'dict':
      return isObject(input) ? input : issue(issues, 'dict_type', loc, 'Input should be a valid dictionary', input);
    case 'list':
      if (!Array.isArray(input)) return issue(issues, 'list_type', loc, 'Input should be a valid list', input);
      return input.map((item, i) => validateValue(spec.of, item, [...loc, i], issues));
    case 'model':
      if (!isObject(input)) return issue(issues, 'model_type', loc, `Input should be a valid dictionary or instance of ${spec.name}`, input, { class_name: spec.name });
      return validateModel(spec.fields, input, loc, issues);
  }
}

/** Validate every field (pydantic reports all problems at once); unknown keys are ignored. */
export function validateModel(fields: Fields, input: Record<string, unknown>, loc: Loc, issues: Issue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const fieldLoc = [...loc, name];
    if (!(name in input) || input[name] === undefined) {
      if (field.required) issue(issues, 'missing', fieldLoc, 'Field required', input);
      else out[name] = structuredClone(field.default ?? null);
      continue;
    }
    const raw = input[name];
    if (raw === null && field.nullable) {
      out[name] = null;
      continue;
    }
    const before = issues.length;
    const value = validateValue(field.spec, raw, fieldLoc, issues);
    if (issues.length === before && field.check) {
      const problem = field.check(value as never);
      if (problem) issue(issues, 'value_error', fieldLoc, `Value error, ${problem}`, raw, { error: {} });
    }
    out[name] = value;
  }
  return out;
}

const fail = (issues: Issue[]): HttpError => new HttpError(422, issues);

/** A JSON body for a pydantic model parameter. */
export function validateBody<T>(fields: Fields, body: Buffer): T {
  if (body.length === 0) throw fail([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  const parsed = parseJson(body);
  if (!parsed.ok) {
    // FastAPI puts the JSON decoder's message in ctx.error; this is JavaScript's wording, not Python's.
    throw fail([{ type: 'json_invalid', loc: ['body', parsed.position], msg: 'JSON decode error', input: {}, ctx: { error: parsed.error } }]);
  }
  if (!isObject(parsed.value)) {
    throw fail([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: parsed.value }]);
  }
  const issues: Issue[] = [];
  const value = validateModel(fields, parsed.value, ['body'], issues);
  if (issues.length) throw fail(issues);
  return value as T;
}

/** Query parameters (or form fields): strings validated like pydantic's lax mode, loc ["query", name]. */
export function validateParams<T>(fields: Fields, params: Map<string, string> | URLSearchParams, where: 'query' | 'body' = 'query'): T {
  const issues: Issue[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    // Starlette keeps the last value of a repeated parameter.
    const raw = params instanceof URLSearchParams ? params.getAll(name).at(-1) : params.get(name);
    if (raw === undefined) {
      if (field.required) issue(issues, 'missing', [where, name], 'Field required', null);
      else out[name] = field.default ?? null;
      continue;
    }
    out[name] = validateValue(field.spec, raw, [where, name], issues);
  }
  if (issues.length) throw fail(issues);
  return out as T;
}
