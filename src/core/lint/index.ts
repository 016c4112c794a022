// The editor-intelligence engine for chute definitions, shared by the VS Code layer and the
// chutes-lint CLI. Linting loads ajv (and yaml for manifests) lazily on first use; hovers and
// completions need neither.

import { loadSchemaValidator } from '../schema/validate';
import { boundModuleFor } from './moduleCache';
import { lintPythonModule, type LintPythonOptions } from './pythonLint';
import type { Diagnostic } from './types';

export type { CompletionItem, Diagnostic, Fix, Hover, Position, Range, Severity, TextEdit } from './types';
export { RULES, type RuleId } from './rules';
export type { LintPythonOptions } from './pythonLint';
export { hoverAt } from './hover';
export { completionsAt } from './completions';
export { lintManifest, parseManifest, type ParsedManifest } from '../manifest/lint';
export { generatePython, CHUTE_VARIABLE, type GenerateOptions } from '../manifest/generate';
export { manifestKindOf, type ChuteManifest, type ManifestKind } from '../manifest/types';
// The CLI features read chute definitions with the same Python reader: one lazy bundle carries it.
export { findChuteDefinitions, type ChuteDefinition, type ChuteImage } from '../cli/definitions';

/** Diagnostics for a Python file; files that do not import chutes get none unless asked. */
export async function lintPython(source: string, options?: LintPythonOptions): Promise<Diagnostic[]> {
  const validator = await loadSchemaValidator();
  const { module, bound } = boundModuleFor(source);
  return lintPythonModule(module, validator, options, bound);
}
