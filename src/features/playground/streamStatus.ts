import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';

/** The status bar while a playground reply streams: which target, how many chunks, how fast. */
export class StreamStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('chutes.playground.stream', vscode.StatusBarAlignment.Left, 50));
  private active = 0;

  constructor() {
    super();
    this.item.name = 'Chutes Playground stream';
    this.item.command = 'chutes.openPlayground';
  }

  begin(label: string): { update(chunks: number, elapsedMs: number): void; end(): void } {
    this.active++;
    this.item.text = `$(loading~spin) ${label}: waiting`;
    this.item.tooltip = `Chutes Playground: streaming from ${label}`;
    this.item.show();
    let shownAt = 0;
    return {
      update: (chunks, elapsedMs) => {
        // A few repaints a second are plenty for a status bar.
        if (elapsedMs - shownAt < 250) return;
        shownAt = elapsedMs;
        this.item.text = `$(loading~spin) ${label}: ${chunks} chunks, ${((chunks * 1000) / Math.max(1, elapsedMs)).toFixed(1)}/s`;
      },
      end: () => {
        if (--this.active === 0) this.item.hide();
      },
    };
  }
}
