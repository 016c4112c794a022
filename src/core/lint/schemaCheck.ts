// Turns schema errors into diagnostics: the rule, the range of the offending value, and a message
// that says what is wrong and what the SDK or the server then does (the schema's x-rejection).
// Shared by Python calls and manifests, which differ only in how they locate values.

import { own, pushTo } from '../python/collections';
import type { Range } from '../python/positions';
import { closestGpuIds } from '../schema/gpus';
import { limitsOf, rootOf, SCHEMAS, type JsonSchema, type SchemaId } from '../schema/schemas';
import type { SchemaError, SchemaValidator } from '../schema/validate';
import { GUIDE_CHUTE_FIELDS, GUIDE_NODE_SELECTOR_FIELDS, type GuideField } from './guide';
import { severityOf, type RuleId } from './rules';
import { brief, plural } from './text';
import type { Diagnostic, Fix } from './types';

export type Family = 'chute' | 'node-selector' | 'cord' | 'job' | 'image' | 'template' | 'manifest';

export interface CheckTarget {
  schema: SchemaId;
  /** Whose words messages use for types and values: Python's (None, True, dict) or YAML's. */
  dialect: 'python' | 'yaml';
  data: unknown;
  /** Range of the value at a JSON pointer ('' is the whole object). */
  valueRange(pointer: string): Range;
  /** Range of the key (argument name) holding the value at `pointer`. */
  keyRange(pointer: string): Range;
  /** The value at `pointer` as written in the source, for messages. */
  valueText(pointer: string): string;
  /** How messages name the field at `pointer`: `gpu_count`, `node_selector.include[2]`. */
  label(pointer: string): string;
  family(pointer: string): Family;
  /** Pointers of properties that are written even though their value is not a literal. */
  present: ReadonlySet<string>;
  /** What it means on the platform that `property` (of the object at `pointer`) is missing. */
  missing(property: string, pointer: string): string;
  /** Where the object at `pointer` is, for problems about the object itself. */
  anchor(pointer: string): Range;
  /** The template in use, for messages about fields that do not apply to it. */
  template?: string;
  /** Quick fixes for a problem, e.g. the closest real GPU ids for an unknown one. */
  fixes?(rule: RuleId, pointer: string): Fix[] | undefined;
}

/** Diagnostics for `target`, plus the raw errors for rules that add fixes (e.g. unknown GPUs). */
export function checkAgainstSchema(validator: SchemaValidator, target: CheckTarget): { diagnostics: Diagnostic[]; errors: SchemaError[] } {
  const errors = relevantErrors(validator.validate(target.schema, target.data), target);
  const diagnostics: Diagnostic[] = [];
  const missing = new Map<string, string[]>();
  for (const error of errors) {
    const property = (error.params as { missingProperty?: string }).missingProperty;
    if (error.keyword === 'required' && property !== 'revision') {
      pushTo(missing, error.instancePath, property!);
      continue;
    }
    diagnostics.push(toDiagnostic(error, target));
  }
  for (const [pointer, properties] of missing) diagnostics.push(missingDiagnostic(pointer, properties, target));
  return { diagnostics, errors };
}

/** One diagnostic for all missing properties of an object: "username and image are missing". */
function missingDiagnostic(pointer: string, properties: string[], target: CheckTarget): Diagnostic {
  const family = target.family(pointer);
  const rule: RuleId = family === 'manifest' ? 'manifest/missing-field' : (`${family}/missing-argument` as RuleId);
  const names = properties.length > 1 ? `${properties.slice(0, -1).join(', ')} and ${properties[properties.length - 1]}` : properties[0]!;
  const verb = properties.length > 1 ? 'are' : 'is';
  return { range: target.anchor(pointer), severity: severityOf(rule), rule, message: `${names} ${verb} missing: ${target.missing(properties[0]!, pointer)}.` };
}

/** One error per value (ajv reports `type` and `enum` for the same wrong value), minus noise. */
function relevantErrors(errors: SchemaError[], target: CheckTarget): SchemaError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'if') return false; // the failing `then` branch reports the real problem
    if (e.keyword === 'required' && target.present.has(pointerOf(e))) return false;
    const key = e.keyword === 'required' || e.keyword === 'additionalProperties' || e.keyword === 'false schema' ? `${pointerOf(e)}#${e.keyword}` : e.instancePath;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One JSON-pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The pointer of the property a required/additionalProperties error is about. */
function pointerOf(e: SchemaError): string {
  const p = e.params as { missingProperty?: string; additionalProperty?: string };
  const prop = p.missingProperty ?? p.additionalProperty;
  return prop === undefined ? e.instancePath : `${e.instancePath}/${escapePointer(prop)}`;
}

function ruleFor(e: SchemaError, family: Family): RuleId {
  const last = e.instancePath.split('/').pop() ?? '';
  const parent = e.instancePath.split('/').slice(-2, -1)[0] ?? '';
  if (e.keyword === 'required') return 'template/missing-revision'; // other missing properties are grouped
  if (e.keyword === 'additionalProperties') {
    return guideField(e, family)?.rule ?? (family === 'node-selector' ? 'node-selector/unknown-argument' : 'manifest/unknown-field');
  }
  if (e.keyword === 'false schema') return 'manifest/field-not-for-template';
  if (family === 'node-selector') {
    if (e.keyword === 'enum' && (parent === 'include' || parent === 'exclude')) return 'node-selector/unknown-gpu';
    if (e.keyword === 'maxItems' && last === 'exclude') return 'node-selector/too-many-excludes';
  }
  if (last === 'revision' && (family === 'template' || family === 'manifest')) return 'template/invalid-revision';
  return `${family}/invalid-value` as RuleId;
}

/** The guide's fictional field an additionalProperties error is about, if it is one. */
export function guideField(e: SchemaError, family: Family): GuideField | undefined {
  const name = (e.params as { additionalProperty?: string }).additionalProperty ?? '';
  const table = family === 'node-selector' ? GUIDE_NODE_SELECTOR_FIELDS : GUIDE_CHUTE_FIELDS;
  return own(table, name);
}

function toDiagnostic(e: SchemaError, target: CheckTarget): Diagnostic {
  const pointer = pointerOf(e);
  const family = target.family(pointer);
  const rule = ruleFor(e, family);
  const label = target.label(pointer);
  const text = brief(target.valueText(pointer));
  let range: Range;
  let message: string;
  switch (e.keyword) {
    case 'required':
      range = target.anchor(e.instancePath);
      message = `revision is missing: ${target.missing('revision', e.instancePath)}.`;
      break;
    case 'additionalProperties':
      range = target.keyRange(pointer);
      message = guideField(e, family)?.message(target.dialect === 'yaml' ? 'tee: true' : 'tee=True') ?? `${label} is not a ${family === 'node-selector' ? 'NodeSelector' : 'manifest'} field: it is ignored.`;
      break;
    case 'false schema':
      range = target.keyRange(pointer);
      message = `${label} does not apply to ${target.template ? `the ${target.template} template` : 'this template'}: it is ignored.`;
      break;
    default:
      range = target.valueRange(pointer);
      message =
        rule === 'node-selector/unknown-gpu'
          ? `${label} ${text} is not a GPU id of the platform${suggestion(e.data)}: ${consequence(e, target.schema)}.`
          : `${problem(e, label, text, WORDS[target.dialect])}: ${consequence(e, target.schema)}.`;
  }
  const fixes = target.fixes?.(rule, pointer);
  return { range, severity: severityOf(rule), message, rule, ...(fixes?.length ? { fixes } : {}) };
}

interface Words {
  null: string;
  boolean: string;
  array: string;
  object: string;
}

const WORDS: Readonly<Record<CheckTarget['dialect'], Words>> = {
  python: { null: 'None', boolean: 'True or False', array: 'a list', object: 'a dict' },
  yaml: { null: 'null', boolean: 'true or false', array: 'a list', object: 'a mapping' },
};

function problem(e: SchemaError, label: string, text: string, words: Words): string {
  const schema = (e.parentSchema ?? {}) as JsonSchema;
  const data = e.data as unknown;
  switch (e.keyword) {
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${label} = ${text} is out of range (${limitsOf(schema)[0]})`;
    case 'minLength':
    case 'maxLength':
      return `${label} is ${typeof data === 'string' ? plural(data.length, 'character') : '?'} long (${limitsOf(schema).filter((l) => l.includes('characters')).join(', ') || 'at least 1 character'})`;
    case 'maxItems':
      return `${label} has ${Array.isArray(data) ? data.length : '?'} entries (at most ${schema.maxItems})`;
    case 'pattern':
      return `${label} ${text} does not match ${schema.pattern}`;
    case 'not':
      return `${label} ${text} must not contain ${schema.not?.pattern ?? 'this value'}`;
    case 'enum':
      return `${label} ${text} is not one of ${(schema.enum ?? []).map((v) => (v === null ? words.null : String(v))).join(', ')}`;
    case 'type': {
      const quote = words === WORDS.yaml && typeof data !== 'string' && [schema.type].flat().includes('string') ? ' (quote it)' : '';
      return `${label} must be ${describeType(schema.type, words)}, not ${describeValue(data, words)}${quote}`;
    }
    default:
      return `${label} ${text} is invalid (${e.message ?? e.keyword})`;
  }
}

function consequence(e: SchemaError, rootId: SchemaId): string {
  const parent = e.parentSchema as JsonSchema | undefined;
  return parent?.['x-rejection'] ?? (parent && rootOf(parent))?.['x-rejection'] ?? SCHEMAS[rootId]['x-rejection'] ?? 'the platform rejects it';
}

function suggestion(data: unknown): string {
  const ids = typeof data === 'string' ? closestGpuIds(data) : [];
  return ids.length ? ` (did you mean ${ids.join(' or ')}?)` : '';
}

function describeType(type: string | string[] | undefined, words: Words): string {
  const names: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a string', boolean: words.boolean, array: words.array, object: words.object, null: words.null };
  const types = Array.isArray(type) ? type : type ? [type] : [];
  return types.map((t) => names[t] ?? t).join(' or ') || 'another type';
}

function describeValue(value: unknown, words: Words): string {
  if (value === null) return words.null;
  if (Array.isArray(value)) return words.array;
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number with a fraction';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'a string';
  return words.object;
}
