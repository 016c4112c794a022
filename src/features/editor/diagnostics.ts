// Publishes the engine's diagnostics for chute definitions to the Problems panel: on open, on
// change after a pause in typing, dropping results for text that has changed meanwhile.

import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import type { ChuteChecks } from './checks';
import { SupersededError } from './checkWorker';
import { chuteDocumentKind, lintEnabled, reportedByJsonService } from './chuteDocuments';
import { toDiagnostic } from './convert';

const TYPING_PAUSE_MS = 250;

/** What became of a document's latest version: its diagnostics were published, or it is not checked. */
export type CheckOutcome = 'checked' | 'skipped';

interface Settled {
  version: number;
  languageId: string;
  outcome: CheckOutcome;
}

export class ChuteDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('chutes'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The latest run per document; an older run that finishes late is dropped. */
  private readonly runs = new Map<string, number>();
  private readonly settled = new Map<string, Settled>();
  private readonly waiters = new Set<() => void>();
  private enabled = lintEnabled();

  constructor(private readonly checks: ChuteChecks) {
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

  /**
   * Resolves once this version of the document (in its current language mode) has been handled:
   * its diagnostics published, or found not to be a chute definition (or checks disabled).
   */
  whenSettled(document: vscode.TextDocument): Promise<CheckOutcome> {
    const key = document.uri.toString();
    return new Promise((resolve) => {
      const test = (): void => {
        const settled = this.settled.get(key);
        if (!settled || this.timers.has(key) || settled.version !== document.version || settled.languageId !== document.languageId) return;
        this.waiters.delete(test);
        resolve(settled.outcome);
      };
      this.waiters.add(test);
      test();
    });
  }

  private settle(document: vscode.TextDocument, outcome: CheckOutcome): void {
    this.settled.set(document.uri.toString(), { version: document.version, languageId: document.languageId, outcome });
    for (const waiter of [...this.waiters]) waiter();
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
    for (const document of vscode.workspace.textDocuments) this.settle(document, 'skipped');
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
      this.settle(document, 'skipped');
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
      const diagnostics = await this.checks.diagnosticsFor(document, kind);
      const stale = this.runs.get(key) !== run || document.isClosed || document.version !== version || !this.enabled;
      if (stale) return;
      this.collection.set(document.uri, diagnostics.filter((d) => !reportedByJsonService(document, d)).map(toDiagnostic));
      this.settle(document, 'checked');
    } catch (error) {
      if (error instanceof SupersededError) return; // the newer version's check publishes
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
