import * as vscode from 'vscode';

/**
 * The log streams running into `chutes-logs:` documents (instance logs, build logs), by document URI,
 * so "Stop Streaming Logs" (editor title, palette) can end one or all of them.
 */
export class LogStreams implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();

  /** A new stream for the document; one already running there is stopped first. */
  start(key: string): AbortController {
    this.running.get(key)?.abort();
    const abort = new AbortController();
    this.running.set(key, abort);
    return abort;
  }

  finished(key: string, abort: AbortController): void {
    if (this.running.get(key) === abort) this.running.delete(key);
  }

  /** Stops one stream (a document URI) or, given nothing, every stream; returns how many stopped. */
  stop(arg?: unknown): number {
    const key = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : undefined;
    const keys = key ? [key] : [...this.running.keys()];
    let stopped = 0;
    for (const k of keys) {
      const abort = this.running.get(k);
      if (!abort) continue;
      abort.abort();
      this.running.delete(k);
      stopped++;
    }
    return stopped;
  }

  get active(): number {
    return this.running.size;
  }

  dispose(): void {
    this.stop();
  }
}
