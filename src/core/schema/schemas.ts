// The JSON schemas in schemas/ are the one source of truth for what the SDK and the server accept
// (ranges, patterns, defaults, descriptions). This module loads them (bundled; they are small) and
// answers questions about their properties for hovers, completions and messages.

import chute from '../../../schemas/chute.schema.json';
import manifest from '../../../schemas/chute-manifest.schema.json';
import cord from '../../../schemas/cord.schema.json';
import diffusion from '../../../schemas/diffusion-template.schema.json';
import embedding from '../../../schemas/embedding-template.schema.json';
import image from '../../../schemas/image.schema.json';
import job from '../../../schemas/job.schema.json';
import nodeSelector from '../../../schemas/node-selector.schema.json';
import sglang from '../../../schemas/sglang-template.schema.json';
import vllm from '../../../schemas/vllm-template.schema.json';

export interface JsonSchema {
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema | boolean>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  not?: JsonSchema;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  /** What happens on the platform when a value breaks this schema (shown in diagnostics). */
  'x-rejection'?: string;
  /** What a template does when revision= is missing. */
  'x-missing-revision'?: string;
}

export type SchemaId =
  | 'chute'
  | 'node-selector'
  | 'cord'
  | 'job'
  | 'image'
  | 'vllm-template'
  | 'sglang-template'
  | 'diffusion-template'
  | 'embedding-template'
  | 'chute-manifest';

export const SCHEMAS: Readonly<Record<SchemaId, JsonSchema>> = {
  chute: chute as JsonSchema,
  'node-selector': nodeSelector as JsonSchema,
  cord: cord as JsonSchema,
  job: job as JsonSchema,
  image: image as JsonSchema,
  'vllm-template': vllm as JsonSchema,
  'sglang-template': sglang as JsonSchema,
  'diffusion-template': diffusion as JsonSchema,
  'embedding-template': embedding as JsonSchema,
  'chute-manifest': manifest as JsonSchema,
};

const BY_FILE = new Map(Object.entries(SCHEMAS).map(([id, schema]) => [schema.$id ?? `${id}.schema.json`, schema]));

/** The schema a `$ref` such as `chute.schema.json#/properties/name` points at. */
export function resolveRef(ref: string, base: JsonSchema): JsonSchema | undefined {
  const [file, pointer = ''] = ref.split('#');
  let node: unknown = file ? BY_FILE.get(file) : base;
  for (const part of pointer.split('/').filter(Boolean)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[decodeURIComponent(part)] : undefined;
  }
  return node && typeof node === 'object' ? (node as JsonSchema) : undefined;
}

const ROOTS = new WeakMap<object, JsonSchema>();
for (const root of Object.values(SCHEMAS)) {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || ROOTS.has(node)) return;
    ROOTS.set(node, root);
    for (const child of Object.values(node)) walk(child);
  };
  walk(root);
}

/** The schema file a subschema belongs to (ajv hands subschemas back as the same objects). */
export function rootOf(subschema: object): JsonSchema | undefined {
  return ROOTS.get(subschema);
}

/** Property names in declaration order (the SDK's positional order for callables). */
export function propertyNames(id: SchemaId): string[] {
  return Object.keys(SCHEMAS[id].properties ?? {});
}

export function hasProperty(id: SchemaId, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(SCHEMAS[id].properties ?? {}, name);
}

/** A property's own annotations merged over the constraints it inherits through allOf/$ref. */
export function effectiveProperty(id: SchemaId, name: string): JsonSchema | undefined {
  const own = SCHEMAS[id].properties?.[name];
  if (!own || typeof own !== 'object') return undefined;
  return flatten(own, SCHEMAS[id], 0);
}

function flatten(schema: JsonSchema, base: JsonSchema, depth: number): JsonSchema {
  if (depth > 8) return schema;
  let merged: JsonSchema = {};
  const parts = [...(schema.allOf ?? []), ...(schema.$ref ? [{ $ref: schema.$ref }] : [])];
  for (const part of parts) {
    const target = part.$ref ? resolveRef(part.$ref, base) : part;
    if (!target) continue;
    const targetBase = part.$ref && !part.$ref.startsWith('#') ? BY_FILE.get(part.$ref.split('#')[0]!) ?? base : base;
    merged = { ...merged, ...flatten(target, targetBase, depth + 1) };
  }
  const { allOf: _allOf, $ref: _ref, ...rest } = schema;
  return { ...merged, ...rest };
}

export interface PropertyDoc {
  name: string;
  description: string;
  /** JSON value of the default, when the schema has one. */
  default?: unknown;
  type?: string;
  /** Human-readable limits: "1 to 8", "at most 256 characters", "one of GET, POST". */
  limits: string[];
}

export function describeProperty(id: SchemaId, name: string): PropertyDoc | undefined {
  const p = effectiveProperty(id, name);
  if (!p) return undefined;
  const doc: PropertyDoc = { name, description: p.description ?? '', limits: limitsOf(p) };
  if ('default' in p) doc.default = p.default;
  if (p.type) doc.type = Array.isArray(p.type) ? p.type.join(' | ') : p.type;
  return doc;
}

/**
 * A property's pattern. Patterns that can backtrack on long text sit in `then` behind an `if` on
 * the length limits, so the validator never runs them on over-long values (ajv with allErrors
 * would otherwise run a pattern even after maxLength failed).
 */
export function patternOf(p: JsonSchema): string | undefined {
  return p.pattern ?? (p as { then?: JsonSchema }).then?.pattern;
}

export function limitsOf(p: JsonSchema): string[] {
  const limits: string[] = [];
  const low = p.minimum ?? p.exclusiveMinimum;
  const high = p.maximum ?? p.exclusiveMaximum;
  if (low !== undefined && high !== undefined) {
    const exclusive = p.exclusiveMinimum !== undefined || p.exclusiveMaximum !== undefined;
    limits.push(exclusive ? `above ${low} and below ${high}` : `${low} to ${high}`);
  } else if (high !== undefined) limits.push(p.exclusiveMaximum !== undefined ? `below ${high}` : `at most ${high}`);
  else if (low !== undefined) limits.push(p.exclusiveMinimum !== undefined ? `above ${low}` : `at least ${low}`);
  if (p.minLength !== undefined && p.minLength > 1) limits.push(`at least ${p.minLength} characters`);
  if (p.maxLength !== undefined) limits.push(`at most ${p.maxLength} characters`);
  if (p.maxItems !== undefined) limits.push(`at most ${p.maxItems} entries`);
  const pattern = patternOf(p);
  if (pattern) limits.push(`matches ${pattern}`);
  if (p.enum) limits.push(`one of ${p.enum.map((v) => (v === null ? 'None' : String(v))).join(', ')}`);
  return limits;
}
