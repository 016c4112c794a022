// One check per document version, shared by diagnostics, quick fixes, hovers and completions
// (design.md "Editor work is linear"). Small documents are checked on the extension host, large
// ones in the check worker, so the main thread never runs a long check.

import * as vscode from 'vscode';
import type { CompletionItem, Diagnostic, Hover, Position } from '../../core/lint';
import { Disposable } from '../../shared/lifecycle';
import type { ChuteDocumentKind } from './chuteDocuments';
import { mentionsChutes } from './chuteDocuments';
import { CheckWorker } from './checkWorker';
import { loadEngine } from './engine';

/** Documents at least this long (UTF-16 units) are checked in the worker (a 2,000-line chute is about 80 KB). */
export const WORKER_THRESHOLD = 256 * 1024;

interface Result {
  version: number;
  kind: ChuteDocumentKind;
  diagnostics: Promise<Diagnostic[]>;
}

export class ChuteChecks extends Disposable {
  private readonly worker = this._register(new CheckWorker());
  private readonly results = new Map<string, Result>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.results.delete(document.uri.toString())));
  }

  /** The diagnostics of the document's current version, computed once for that version. */
  diagnosticsFor(document: vscode.TextDocument, kind: ChuteDocumentKind): Promise<Diagnostic[]> {
    const key = document.uri.toString();
    const cached = this.results.get(key);
    if (cached?.version === document.version && cached.kind === kind) return cached.diagnostics;
    const diagnostics = this.check(document.getText(), kind, key);
    this.results.set(key, { version: document.version, kind, diagnostics });
    diagnostics.catch(() => {
      // A failed or superseded check is not kept: the next request runs again.
      if (this.results.get(key)?.diagnostics === diagnostics) this.results.delete(key);
    });
    return diagnostics;
  }

  async hoverAt(document: vscode.TextDocument, position: Position): Promise<Hover | undefined> {
    const text = document.getText();
    if (!mentionsChutes(text)) return undefined;
    if (text.length >= WORKER_THRESHOLD) return (await this.worker.run({ type: 'hover', text, position })) as Hover | undefined;
    return (await loadEngine()).hoverAt(text, position);
  }

  async completionsAt(document: vscode.TextDocument, position: Position): Promise<CompletionItem[]> {
    const text = document.getText();
    if (!mentionsChutes(text)) return [];
    if (text.length >= WORKER_THRESHOLD) return (await this.worker.run({ type: 'completions', text, position })) as CompletionItem[];
    return (await loadEngine()).completionsAt(text, position);
  }

  private async check(text: string, kind: ChuteDocumentKind, key: string): Promise<Diagnostic[]> {
    // A Python file that never says "chutes" cannot import it: skip loading the engine for it.
    if (kind === 'python' && !mentionsChutes(text)) return [];
    if (text.length >= WORKER_THRESHOLD) return (await this.worker.run({ type: 'lint', kind, text }, key)) as Diagnostic[];
    const engine = await loadEngine();
    return kind === 'python' ? engine.lintPython(text) : engine.lintManifest(text, kind);
  }
}
