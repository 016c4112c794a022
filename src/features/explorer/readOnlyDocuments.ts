import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';

/** Lines kept per log document: a long-running stream must not grow without bound. */
const MAX_LINES = 5000;
const REDRAW_MS = 150;

/**
 * Read-only documents whose text the extension holds: chute source (`chutes-source:`) and streamed
 * logs (`chutes-logs:`). A log document grows as lines arrive; redraws are batched.
 */
export class ReadOnlyDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly scheme: string) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(scheme, this));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (this.texts.get(uri.toString()) ?? []).join('\n');
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text.split('\n'));
    this.markDirty(uri);
  }

  append(uri: vscode.Uri, line: string): void {
    const lines = this.texts.get(uri.toString()) ?? [];
    lines.push(line);
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
    this.texts.set(uri.toString(), lines);
    this.markDirty(uri);
  }

  text(uri: vscode.Uri): string {
    return this.provideTextDocumentContent(uri);
  }

  private markDirty(uri: vscode.Uri): void {
    this.dirty.add(uri.toString());
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const key of this.dirty) this.changed.fire(vscode.Uri.parse(key));
      this.dirty.clear();
    }, REDRAW_MS);
  }
}
