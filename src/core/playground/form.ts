// A form from a cord's input schema (JSON Schema, as the SDK writes it from pydantic models), and the
// JSON body from what was typed. Pure and browser-safe: the webview renders the fields, the host
// builds nothing from them but validates the body it receives.

export type FieldKind = 'text' | 'integer' | 'number' | 'boolean' | 'enum' | 'json';

export interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  title: string;
  description?: string;
  /** Default value as typed text. */
  initial: string;
  options?: string[];
  minimum?: number;
  maximum?: number;
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);

/** The fields of an object schema; undefined when the schema describes no object properties (use raw JSON then). */
export function formFields(schema: unknown): FormField[] | undefined {
  if (!isSchema(schema)) return undefined;
  const defs = isSchema(schema.$defs) ? schema.$defs : isSchema(schema.definitions) ? schema.definitions : {};
  const root = resolve(schema, defs);
  if (!isSchema(root.properties) || Object.keys(root.properties).length === 0) return undefined;
  const required = new Set(Array.isArray(root.required) ? root.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(root.properties).map(([name, raw]) => field(name, resolve(isSchema(raw) ? raw : {}, defs), required.has(name)));
}

function resolve(schema: Schema, defs: Schema): Schema {
  const ref = typeof schema.$ref === 'string' ? /^#\/(?:\$defs|definitions)\/(.+)$/.exec(schema.$ref)?.[1] : undefined;
  const target = ref && isSchema(defs[ref]) ? { ...(defs[ref] as Schema), ...schema } : schema;
  // pydantic writes Optional[X] as anyOf [X, null]: the field is X.
  const anyOf = Array.isArray(target.anyOf) ? target.anyOf.filter((s) => isSchema(s) && s.type !== 'null') : [];
  return anyOf.length === 1 ? { ...resolve(anyOf[0] as Schema, defs), ...withoutAnyOf(target) } : target;
}

function withoutAnyOf(schema: Schema): Schema {
  const rest = { ...schema };
  delete rest.anyOf;
  return rest;
}

function field(name: string, schema: Schema, required: boolean): FormField {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const options = Array.isArray(schema.enum) ? schema.enum.map(String) : undefined;
  const kind: FieldKind = options
    ? 'enum'
    : type === 'string'
      ? 'text'
      : type === 'integer'
        ? 'integer'
        : type === 'number'
          ? 'number'
          : type === 'boolean'
            ? 'boolean'
            : 'json';
  const initial = schema.default === undefined || schema.default === null ? '' : kind === 'json' ? JSON.stringify(schema.default) : String(schema.default);
  return {
    name,
    kind,
    required,
    title: typeof schema.title === 'string' ? schema.title : name,
    description: typeof schema.description === 'string' ? schema.description : undefined,
    initial,
    options,
    minimum: typeof schema.minimum === 'number' ? schema.minimum : undefined,
    maximum: typeof schema.maximum === 'number' ? schema.maximum : undefined,
  };
}

/** The JSON body from typed values, or the problems per field. Empty optional fields are left out. */
export function formBody(fields: FormField[], values: Record<string, string>): { body: Record<string, unknown> } | { errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = (values[f.name] ?? f.initial).trim();
    if (f.kind === 'boolean') {
      body[f.name] = text === 'true';
      continue;
    }
    if (!text) {
      if (f.required) errors[f.name] = 'Required.';
      continue;
    }
    const converted = convert(f, text);
    if ('error' in converted) errors[f.name] = converted.error;
    else body[f.name] = converted.value;
  }
  return Object.keys(errors).length ? { errors } : { body };
}

function convert(f: FormField, text: string): { value: unknown } | { error: string } {
  switch (f.kind) {
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) return { error: `Must be ${f.kind === 'integer' ? 'a whole number' : 'a number'}.` };
      if (f.minimum !== undefined && n < f.minimum) return { error: `At least ${f.minimum}.` };
      if (f.maximum !== undefined && n > f.maximum) return { error: `At most ${f.maximum}.` };
      return { value: n };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'Not valid JSON.' };
      }
    default:
      return { value: text };
  }
}
