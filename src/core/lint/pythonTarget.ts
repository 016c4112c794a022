// Binds a call's arguments to the SDK callable's parameters (keywords, and positionals in the
// schema's order), links the calls of a module to the Chute that uses them, and exposes literal
// arguments as a JSON object with a range for every JSON pointer, so schema errors land on the
// exact value.

import type { Range } from '../python/positions';
import type { SelectorValues } from '../schema/gpus';
import { pushTo } from '../python/collections';
import { resolveCall } from '../python/resolve';
import type { PyArgument, PyCall, PyModule, PyValue } from '../python/types';
import { hasProperty, propertyNames, SCHEMAS } from '../schema/schemas';
import { callableOf, type Callable } from '../schema/sdk';
import { escapePointer, type CheckTarget, type Family } from './schemaCheck';

export interface BoundArguments {
  /** Arguments by parameter name: keywords, and positionals mapped to their parameter. */
  byName: Map<string, PyArgument>;
  /** Keywords the callable does not have. */
  unknown: PyArgument[];
  /** Positionals the callable does not take (keyword-only, or too many). */
  extraPositional: PyArgument[];
  /** Positionals written after a keyword argument (a SyntaxError in Python). */
  positionalAfterKeyword: PyArgument[];
  /** Keywords given twice, or for a parameter already given positionally: Python refuses both. */
  repeated: PyArgument[];
  /** `*args` / `**kwargs` make the set of arguments unknowable. */
  hasStarArgs: boolean;
}

export function bindArguments(args: readonly PyArgument[], callable: Callable): BoundArguments {
  const names = propertyNames(callable.schema);
  const bound: BoundArguments = { byName: new Map(), unknown: [], extraPositional: [], positionalAfterKeyword: [], repeated: [], hasStarArgs: false };
  let keywordSeen = false;
  for (const arg of args) {
    if (arg.star) bound.hasStarArgs = true;
    else if (arg.name !== undefined) {
      keywordSeen = true;
      if (bound.byName.has(arg.name)) bound.repeated.push(arg);
      else if (hasProperty(callable.schema, arg.name)) bound.byName.set(arg.name, arg);
      else bound.unknown.push(arg);
    } else if (keywordSeen) {
      bound.positionalAfterKeyword.push(arg);
    } else {
      const name = callable.positional ? names[arg.position ?? names.length] : undefined;
      if (name === undefined) bound.extraPositional.push(arg);
      else bound.byName.set(name, arg);
    }
  }
  return bound;
}

/** The JSON value of a literal, or undefined when any part of it is not a literal (or not finished). */
export function literalJson(value: PyValue): unknown {
  switch (value.kind) {
    case 'str':
      return value.parts.every((p) => p.terminated) ? value.value : undefined;
    case 'number':
    case 'bool':
      return value.value;
    case 'none':
      return null;
    case 'list': {
      const items = value.items.map(literalJson);
      return items.includes(undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const entry of value.entries) {
        const v = literalJson(entry.value);
        if (entry.key.kind !== 'str' || v === undefined) return undefined;
        out[entry.key.value] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

const PATH_ARGUMENTS = new Set(['path', 'public_api_path', 'passthrough_path']);

/** The SDK adds a leading slash and strips trailing ones before it checks cord paths. */
export function sdkPath(path: string): string {
  // Trimmed by hand: `/\/+$/` backtracks quadratically on a long run of slashes.
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return `/${path.slice(start, end)}`;
}

interface Located {
  value?: PyValue;
  range: Range;
  keyRange: Range;
  text: string;
  label: string;
}

export interface CallTargetOptions {
  family: Family;
  display: string;
}

export function callTarget(call: PyCall, callable: Callable, bound: BoundArguments, options: CallTargetOptions): CheckTarget {
  const data: Record<string, unknown> = {};
  const located = new Map<string, Located>();
  const register = (pointer: string, label: string, value: PyValue, keyRange: Range): void => {
    located.set(pointer, { value, range: value.range, keyRange, text: value.text, label });
    if (value.kind === 'list') value.items.forEach((item, i) => register(`${pointer}/${i}`, `${label}[${i}]`, item, item.range));
    if (value.kind === 'dict') {
      for (const { key, value: v } of value.entries) {
        if (key.kind === 'str') register(`${pointer}/${escapePointer(key.value)}`, `${label}[${JSON.stringify(key.value)}]`, v, key.range);
      }
    }
  };
  for (const [name, arg] of bound.byName) {
    let json = literalJson(arg.value);
    if (json === undefined) continue;
    if (callable.schema === 'cord' && PATH_ARGUMENTS.has(name) && typeof json === 'string') json = sdkPath(json);
    data[name] = json;
    register(`/${name}`, name, arg.value, arg.nameRange ?? arg.value.range);
  }
  const target = call.decorator?.target;
  if (callable.schema === 'cord' && !bound.byName.has('path') && target) {
    // Without path=, the SDK uses the function name: `def Generate` gives the path /Generate.
    data.path = `/${target.name}`;
    located.set('/path', { range: target.nameRange, keyRange: target.nameRange, text: `/${target.name}`, label: `path (from the function name ${target.name})` });
  }
  const present = new Set([...(bound.hasStarArgs ? propertyNames(callable.schema) : bound.byName.keys())].map((name) => `/${name}`));
  const missingRevision = SCHEMAS[callable.schema]['x-missing-revision'];
  return {
    schema: callable.schema,
    dialect: 'python',
    data,
    valueRange: (p) => located.get(p)?.range ?? call.nameRange,
    keyRange: (p) => located.get(p)?.keyRange ?? call.nameRange,
    valueText: (p) => located.get(p)?.text ?? '',
    label: (p) => located.get(p)?.label ?? (p.split('/').pop() || options.display),
    family: () => options.family,
    present,
    missing: (property) =>
      property === 'revision' && missingRevision ? missingRevision : `${options.display} raises TypeError when the module is imported`,
    anchor: () => call.nameRange,
  };
}

const SELECTOR_FIELDS = ['gpu_count', 'min_vram_gb_per_gpu', 'max_hourly_price_per_gpu', 'include', 'exclude'] as const;

/** The literal values of a NodeSelector's fields, and whether every field that is set is literal. */
export function selectorValues(bound: BoundArguments): [SelectorValues, boolean] {
  const values: Record<string, unknown> = {};
  let complete = !bound.hasStarArgs;
  for (const name of SELECTOR_FIELDS) {
    const arg = bound.byName.get(name);
    const json = arg && literalJson(arg.value);
    if (arg && json === undefined) complete = false;
    else if (arg) values[name] = json;
  }
  return [values as SelectorValues, complete];
}

/** A call of a real SDK callable with its arguments bound. */
export interface BoundCall {
  call: PyCall;
  callable: Callable;
  bound: BoundArguments;
}

export interface BoundModule {
  calls: Map<PyCall, BoundCall>;
  /** For NodeSelector, Image and TEEConfig calls: the Chute/template calls that use them. */
  parents: Map<PyCall, PyCall[]>;
}

/** Binds every SDK call and links the calls nested in (or named by) a Chute/template to it. */
export function bindModule(module: PyModule): BoundModule {
  const calls = new Map<PyCall, BoundCall>();
  const parents = new Map<PyCall, PyCall[]>();
  for (const call of module.calls) {
    const callable = callableOf(call.kind, call.name);
    if (callable) calls.set(call, { call, callable, bound: bindArguments(call.args, callable) });
  }
  for (const { call, bound } of calls.values()) {
    if (call.kind !== 'chute' && call.kind !== 'template') continue;
    for (const [name, kind] of [['node_selector', 'node-selector'], ['image', 'image']] as const) {
      const arg = bound.byName.get(name);
      const child = arg && resolveCall(module, arg.value, kind);
      if (child) pushTo(parents, child, call);
    }
    const teeConfig = bound.unknown.find((a) => a.name === 'tee_config');
    const child = teeConfig && resolveCall(module, teeConfig.value, 'tee-config');
    if (child) pushTo(parents, child, call);
  }
  return { calls, parents };
}
