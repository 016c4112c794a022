// Run locally: `chutes run <module>:<var> --dev` in a terminal (docs/cli.md "Run locally"), on a
// port we know (the chutes.runLocally.port setting, else a free one) and remember, so the
// playground can send requests to http://127.0.0.1:<port> (command `chutes.localRunPort`). The runs
// are kept here; starting one loads localRun.ts
// (through deployCommands.ts, the feature's one lazy bundle).
import type * as vscode from 'vscode';
import type { ChuteTarget } from './chuteTarget';

export interface LocalRun {
  ref: string;
  port: number;
  url: string;
  /** The chute's cwd, to tell runs of same-named modules apart. */
  cwd: string;
}

export class LocalRuns implements vscode.Disposable {
  private readonly runs = new Map<vscode.Terminal, LocalRun>();

  /** The newest run still going, or the newest one of `ref`. */
  current(ref?: string): LocalRun | undefined {
    return [...this.runs.values()].reverse().find((run) => !ref || run.ref === ref);
  }

  async start(target: ChuteTarget): Promise<LocalRun | undefined> {
    const { launchLocalRun } = await import('./deployCommands');
    const launched = await launchLocalRun(target, (terminal) => this.forget(terminal));
    if (launched) this.runs.set(launched.terminal, launched.run);
    return launched?.run;
  }

  private forget(terminal: vscode.Terminal): void {
    this.runs.delete(terminal);
  }

  /** Closing the terminal ends the run too. */
  terminalClosed(terminal: vscode.Terminal): void {
    this.forget(terminal);
  }

  dispose(): void {
    for (const terminal of this.runs.keys()) terminal.dispose();
    this.runs.clear();
  }
}
