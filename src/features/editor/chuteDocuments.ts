// Which documents hold chute definitions, and linting them with the engine.

import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/lint';
import { manifestKindOf, type ManifestKind } from '../../core/manifest/types';
import { readSettings } from '../../shared/settings';
import { loadEngine } from './engine';

export type ChuteDocumentKind = 'python' | ManifestKind;

/** Real files and new unsaved ones; not git: or output: views of them. */
const SCHEMES = ['file', 'untitled'];

export const PYTHON_SELECTOR: vscode.DocumentFilter[] = SCHEMES.map((scheme) => ({ language: 'python', scheme }));

/** Manifests are yaml/json documents, recognised by name (`*.chute.yaml`, `*.chute.yml`, `*.chute.json`). */
export const MANIFEST_SELECTOR: vscode.DocumentFilter[] = SCHEMES.map((scheme) => ({ scheme, pattern: '**/*.chute.{yaml,yml,json}' }));

export function chuteDocumentKind(document: vscode.TextDocument): ChuteDocumentKind | undefined {
  if (!SCHEMES.includes(document.uri.scheme)) return undefined;
  if (document.languageId === 'python') return 'python';
  return manifestKindOf(document.uri.path);
}

/** Engine diagnostics for a document's text. */
export async function lintText(text: string, kind: ChuteDocumentKind): Promise<Diagnostic[]> {
  // A Python file that never says "chutes" cannot import it: skip loading the engine for it.
  if (kind === 'python' && !mentionsChutes(text)) return [];
  const engine = await loadEngine();
  return kind === 'python' ? engine.lintPython(text) : engine.lintManifest(text, kind);
}

export function mentionsChutes(text: string): boolean {
  return text.includes('chutes');
}

export function lintEnabled(): boolean {
  return readSettings()['lint.enabled'];
}
