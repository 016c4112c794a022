// Publishes the engine's diagnostics for chute definitions to the Problems panel: on open, on
// change after a pause in typing, dropping results for text that has changed meanwhile.

import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import { chuteDocumentKind, lintEnabled, lintText } from './chuteDocuments';
import { toDiagnostic } from './convert';

const TYPING_PAUSE_MS = 250;

export class ChuteDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('chutes'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The latest run per document; an older run that finishes late is dropped. */
  private readonly runs = new Map<string, number>();
  private enabled = lintEnabled();

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)));
    this._register(
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length) this.schedule(document, TYPING_PAUSE_MS);
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('chutes.lint.enabled')) this.reconfigure();
      }),
    );
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this.lintOpenDocuments();
  }

  private reconfigure(): void {
    this.enabled = lintEnabled();
    if (this.enabled) {
      this.lintOpenDocuments();
      return;
    }
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.runs.clear();
    this.collection.clear();
  }

  private lintOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (!this.enabled || !chuteDocumentKind(document)) {
      // E.g. the language mode changed from Python to plain text.
      if (this.collection.has(document.uri)) this.forget(document.uri);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lint(document);
      }, delay),
    );
  }

  private async lint(document: vscode.TextDocument): Promise<void> {
    const kind = chuteDocumentKind(document);
    if (!kind) return;
    const key = document.uri.toString();
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    const { version } = document;
    try {
      const diagnostics = await lintText(document.getText(), kind);
      const stale = this.runs.get(key) !== run || document.isClosed || document.version !== version || !this.enabled;
      if (!stale) this.collection.set(document.uri, diagnostics.map(toDiagnostic));
    } catch (error) {
      log.error(`Checking ${document.uri.fsPath} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.runs.delete(key);
    this.collection.delete(uri);
  }
}
