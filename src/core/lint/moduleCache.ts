// The editor asks for diagnostics, hovers and completions on the same text in a row: keep the last
// read module (and its bound calls) so each request after the first costs no parsing.

import { readPython } from '../python/reader';
import type { PyModule } from '../python/types';
import { bindModule, type BoundModule } from './pythonTarget';

let last: { source: string; module: PyModule; bound?: BoundModule } | undefined;

export function moduleFor(source: string): PyModule {
  if (last?.source !== source) last = { source, module: readPython(source) };
  return last.module;
}

export function boundModuleFor(source: string): { module: PyModule; bound: BoundModule } {
  const module = moduleFor(source);
  last!.bound ??= bindModule(module);
  return { module, bound: last!.bound };
}
