// One check per document version, shared by diagnostics, quick fixes, hovers and completions
// (docs/architecture.md "Editor work is linear"). Small documents are checked on the extension host, large
// ones in the check worker, so the main thread never runs a long check. The worker holds its own
// copy of each large document, sent once and then kept current with the editor's incremental
// changes: an edit costs the main thread its change, never a copy of the whole text.

import * as vscode from 'vscode';
import type { CompletionItem, Diagnostic, Hover, Position } from '../../core/lint';
import { Disposable } from '../../shared/lifecycle';
import type { ChuteDocumentKind } from './chuteDocuments';
import { mentionsChutes } from './chuteDocuments';
import { CheckWorker, StaleCopyError, SupersededError } from './checkWorker';
import type { WorkerRequest, WorkerResult } from '../../core/lint/workerProtocol';
import { loadEngine } from './engine';

/** Documents at least this long (UTF-16 units) are checked in the worker (a 2,000-line chute is about 80 KB). */
export const WORKER_THRESHOLD = 256 * 1024;

interface Result {
  version: number;
  kind: ChuteDocumentKind;
  diagnostics: Promise<Diagnostic[]>;
}

export class ChuteChecks extends Disposable {
  private readonly worker: CheckWorker;
  private readonly results = new Map<string, Result>();
  /** Documents the worker holds a copy of, with the worker generation that holds it. */
  private readonly mirrored = new Map<string, number>();

  /** `workerScript`: the path of dist/lint-worker.js. */
  constructor(workerScript: string) {
    super();
    this.worker = this._register(new CheckWorker(workerScript));
    this._register(
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        const key = document.uri.toString();
        if (this.mirrored.get(key) !== this.worker.generation || !contentChanges.length) return;
        const changes = contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
        this.worker.notify({ type: 'change', uri: key, version: document.version, changes, length: lengthOf(document) });
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        this.results.delete(key);
        if (this.mirrored.delete(key)) this.worker.notify({ type: 'close', uri: key });
      }),
    );
  }

  /** The diagnostics of the document's current version, computed once for that version. */
  diagnosticsFor(document: vscode.TextDocument, kind: ChuteDocumentKind): Promise<Diagnostic[]> {
    const key = document.uri.toString();
    const cached = this.results.get(key);
    if (cached?.version === document.version && cached.kind === kind) return cached.diagnostics;
    const diagnostics = this.check(document, kind, key);
    this.results.set(key, { version: document.version, kind, diagnostics });
    diagnostics.catch(() => {
      // A failed or superseded check is not kept: the next request runs again.
      if (this.results.get(key)?.diagnostics === diagnostics) this.results.delete(key);
    });
    return diagnostics;
  }

  async hoverAt(document: vscode.TextDocument, position: Position): Promise<Hover | undefined> {
    if (isLarge(document)) return (await this.inWorker(document, { type: 'hover', position })) as Hover | undefined;
    const text = document.getText();
    return mentionsChutes(text) ? (await loadEngine()).hoverAt(text, position) : undefined;
  }

  async completionsAt(document: vscode.TextDocument, position: Position): Promise<CompletionItem[]> {
    if (isLarge(document)) return (await this.inWorker(document, { type: 'completions', position })) as CompletionItem[];
    const text = document.getText();
    return mentionsChutes(text) ? (await loadEngine()).completionsAt(text, position) : [];
  }

  private async check(document: vscode.TextDocument, kind: ChuteDocumentKind, key: string): Promise<Diagnostic[]> {
    // The engine answers "nothing" itself for Python that does not import chutes.
    if (isLarge(document)) return (await this.inWorker(document, { type: 'lint', kind }, key)) as Diagnostic[];
    const text = document.getText();
    // A Python file that never says "chutes" cannot import it: skip loading the engine for it.
    if (kind === 'python' && !mentionsChutes(text)) return [];
    const engine = await loadEngine();
    return kind === 'python' ? engine.lintPython(text) : engine.lintManifest(text, kind);
  }

  /** A request about the document's current version, answered from the worker's copy (sent first if needed). */
  private async inWorker(document: vscode.TextDocument, request: WorkerRequestBody, key?: string): Promise<WorkerResult> {
    const uri = document.uri.toString();
    const { version } = document;
    for (let attempt = 0; ; attempt++) {
      if (this.mirrored.get(uri) !== this.worker.generation || attempt > 0) {
        this.worker.notify({ type: 'open', uri, version, text: document.getText() });
        this.mirrored.set(uri, this.worker.generation);
      }
      try {
        return await this.worker.run({ ...request, uri, version } as WorkerRequestWithoutId, key);
      } catch (error) {
        if (!(error instanceof StaleCopyError)) throw error;
        // The document has moved on: the request for its newer version answers.
        if (document.version !== version) throw new SupersededError();
        // The copy was lost (a restarted worker) or fell out of step: send the text once more.
        if (attempt > 0) throw error;
      }
    }
  }
}

type WorkerRequestWithoutId = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
type WorkerRequestBody = WorkerRequestWithoutId extends infer R ? (R extends WorkerRequestWithoutId ? Omit<R, 'uri' | 'version'> : never) : never;

function isLarge(document: vscode.TextDocument): boolean {
  return lengthOf(document) >= WORKER_THRESHOLD;
}

/** The text's length without building the text (the offset of its end). */
function lengthOf(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}
