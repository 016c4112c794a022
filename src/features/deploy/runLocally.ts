// Run locally: `chutes run <module>:<var> --dev` in a terminal (docs/cli.md "Run locally"), on a
// port we know (the chutes.runLocally.port setting, else a free one) and remember, so the
// playground can send requests to http://127.0.0.1:<port> (command `chutes.localRunPort`).
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { isMissing } from '../../core/cli/locate';
import { readSettings } from '../../shared/settings';
import type { ChuteTarget } from './chuteTarget';
import { findCli } from './cliFinder';
import { showCliMissing } from './detectCli';
import { startProcessTerminal } from './processTerminal';

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
    const cli = await findCli(target.uri);
    if (isMissing(cli)) {
      void showCliMissing(cli);
      return undefined;
    }
    const setting = readSettings()['runLocally.port'];
    const port = setting > 0 ? setting : await freePort();
    const loggingPort = await freePort();
    const run: LocalRun = { ref: target.ref, port, url: `http://127.0.0.1:${port}`, cwd: target.cwd };
    const terminal = startProcessTerminal({
      name: `Chutes: ${target.ref} on :${port}`,
      executable: cli.executable,
      args: ['run', target.ref, '--dev', '--host', '127.0.0.1', '--port', String(port), '--logging-port', String(loggingPort)],
      cwd: target.cwd,
      // SDK 0.6.x refuses `run` outside a "remote" context even with --dev (its context guard);
      // --dev then serves the cords at their public paths and makes no platform calls.
      env: { ...process.env, CHUTES_EXECUTION_CONTEXT: 'REMOTE' },
      onExit: () => this.forget(terminal),
    });
    this.runs.set(terminal, run);
    return run;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
