// The surface of the chutes SDK (0.6.x) that chute definitions use: which schema describes each
// callable, how it treats positional and unknown arguments, and which module exports which name.

import { own } from '../python/collections';
import type { SchemaId } from './schemas';

/** What the SDK does with a keyword it does not know. */
export type UnknownKeywordFate =
  /** Chute(**kwargs) hands it to FastAPI, which keeps it and never sends it to the platform. */
  | 'fastapi'
  /** NodeSelector is a pydantic model that ignores unknown fields. */
  | 'pydantic'
  /** chute.cord(**session_kwargs) passes it to aiohttp.ClientSession for passthrough calls. */
  | 'aiohttp'
  /** A plain signature: Python raises TypeError when the module is imported. */
  | 'type-error';

export interface Callable {
  /** How the call is written in messages, e.g. `Chute(...)`, `@chute.cord(...)`. */
  display: string;
  schema: SchemaId;
  /** Whether positional arguments are accepted; they follow the schema's property order. */
  positional: boolean;
  unknownKeywords: UnknownKeywordFate;
  /** The module to import it from (templates only; others come from HOME_MODULE). */
  module?: string;
}

const TEMPLATE_MODULE = 'chutes.chute.template';

export const TEMPLATES: Readonly<Record<string, Callable>> = {
  build_vllm_chute: { display: 'build_vllm_chute(...)', schema: 'vllm-template', positional: true, unknownKeywords: 'type-error', module: `${TEMPLATE_MODULE}.vllm` },
  build_sglang_chute: { display: 'build_sglang_chute(...)', schema: 'sglang-template', positional: true, unknownKeywords: 'type-error', module: `${TEMPLATE_MODULE}.sglang` },
  build_diffusion_chute: { display: 'build_diffusion_chute(...)', schema: 'diffusion-template', positional: true, unknownKeywords: 'type-error', module: `${TEMPLATE_MODULE}.diffusion` },
  build_embedding_chute: { display: 'build_embedding_chute(...)', schema: 'embedding-template', positional: true, unknownKeywords: 'type-error', module: `${TEMPLATE_MODULE}.embedding` },
};

const CALLABLES: Readonly<Record<string, Callable>> = {
  chute: { display: 'Chute(...)', schema: 'chute', positional: true, unknownKeywords: 'fastapi' },
  'node-selector': { display: 'NodeSelector(...)', schema: 'node-selector', positional: false, unknownKeywords: 'pydantic' },
  image: { display: 'Image(...)', schema: 'image', positional: true, unknownKeywords: 'type-error' },
  cord: { display: '@chute.cord(...)', schema: 'cord', positional: false, unknownKeywords: 'aiohttp' },
  job: { display: '@chute.job(...)', schema: 'job', positional: false, unknownKeywords: 'type-error' },
};

/** The SDK callable for a call found by the reader; undefined for names the SDK does not have. */
export function callableOf(kind: string, name: string): Callable | undefined {
  return kind === 'template' ? own(TEMPLATES, name) : own(CALLABLES, kind);
}

/** The removed TEI template and its replacement (SDK commit c0b2e96, 2025-11-19). */
export const REMOVED_TEMPLATE = { name: 'build_tei_chute', module: `${TEMPLATE_MODULE}.tei`, replacement: 'build_embedding_chute' } as const;

/** Where each SDK name really lives (the guide imports some from `chutes`, whose __init__ is empty). */
export const HOME_MODULE: Readonly<Record<string, string>> = {
  Chute: 'chutes.chute',
  ChutePack: 'chutes.chute',
  Cord: 'chutes.chute',
  Job: 'chutes.chute',
  NodeSelector: 'chutes.chute',
  Image: 'chutes.image',
  ...Object.fromEntries(Object.entries(TEMPLATES).map(([name, c]) => [name, c.module!])),
};

/** SDK names that do not exist at all. */
export const MISSING_NAMES: ReadonlySet<string> = new Set(['TEEConfig', REMOVED_TEMPLATE.name]);

/**
 * Packages whose namespaces we know, with the SDK names among them: `chutes/__init__.py` is empty
 * and `chutes.chute.template` re-exports only build_vllm_chute. Other modules are not checked.
 */
const EXPORTS: Readonly<Record<string, readonly string[]>> = {
  chutes: [],
  'chutes.chute': ['Chute', 'ChutePack', 'Cord', 'Job', 'NodeSelector'],
  'chutes.image': ['Image'],
  [TEMPLATE_MODULE]: ['build_vllm_chute'],
};

/** Whether `from <module> import <name>` fails with ImportError for an SDK name we know. */
export function importFails(module: string, name: string): boolean {
  if (MISSING_NAMES.has(name) && (module === 'chutes' || module.startsWith('chutes.'))) return true;
  const exported = own(EXPORTS, module);
  return exported !== undefined && own(HOME_MODULE, name) !== undefined && !exported.includes(name);
}
