// Which documents hold chute definitions.

import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/lint';
import { manifestKindOf, type ManifestKind } from '../../core/manifest/types';
import { readSettings } from '../../shared/settings';

export type ChuteDocumentKind = 'python' | ManifestKind;

/** Real files and new unsaved ones; not git: or output: views of them. */
const SCHEMES = ['file', 'untitled'];

export const PYTHON_SELECTOR: vscode.DocumentFilter[] = SCHEMES.map((scheme) => ({ language: 'python', scheme }));

/** Manifests are yaml/json documents, recognised by name (`*.chute.yaml`, `*.chute.yml`, `*.chute.json`). */
export const MANIFEST_SELECTOR: vscode.DocumentFilter[] = SCHEMES.map((scheme) => ({ scheme, pattern: '**/*.chute.{yaml,yml,json}' }));

/** The language modes a manifest kind is checked in: switched to another mode, it is not a manifest. */
const MANIFEST_LANGUAGES: Readonly<Record<ManifestKind, readonly string[]>> = { yaml: ['yaml'], json: ['json', 'jsonc'] };

export function chuteDocumentKind(document: vscode.TextDocument): ChuteDocumentKind | undefined {
  if (!SCHEMES.includes(document.uri.scheme)) return undefined;
  if (document.languageId === 'python') return 'python';
  const kind = manifestKindOf(document.uri.path);
  return kind && MANIFEST_LANGUAGES[kind].includes(document.languageId) ? kind : undefined;
}

/**
 * Whether VS Code's JSON service already shows this problem. It reports the syntax errors of every
 * JSON document (unless `json.validate.enable` is off), so ours would appear twice.
 */
export function reportedByJsonService(document: vscode.TextDocument, diagnostic: Diagnostic): boolean {
  return (
    diagnostic.rule === 'manifest/syntax' &&
    chuteDocumentKind(document) === 'json' &&
    vscode.workspace.getConfiguration('json', document.uri).get<boolean>('validate.enable', true)
  );
}

export function mentionsChutes(text: string): boolean {
  return text.includes('chutes');
}

export function lintEnabled(): boolean {
  return readSettings()['lint.enabled'];
}
