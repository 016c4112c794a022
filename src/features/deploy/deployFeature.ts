// Build, deploy and run chutes through the real chutes CLI (docs/cli.md). Registration only: the
// work lives in deployCommands.ts, loaded on first use. Every command refuses in an untrusted workspace,
// since building, deploying and running import the workspace's Python.
import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import type { Connection } from '../account/connection';
import { PYTHON_SELECTOR } from '../editor/chuteDocuments';
import type { BuildLineListener, BuildOutcome } from './build';
import type { ChuteTarget } from './chuteTarget';
import { ChuteCodeLenses } from './codeLens';
import type { DeployOutcome } from './deploy';
import type { DeployContext } from './deployContext';
import { modalUi, type DeployUi } from './deployUi';
import { LocalRuns, type LocalRun } from './runLocally';

export class DeployFeature extends Disposable {
  readonly buildOutput = this._register(vscode.window.createOutputChannel('Chutes: Build'));
  readonly deployOutput = this._register(vscode.window.createOutputChannel('Chutes: Deploy'));
  readonly runs = this._register(new LocalRuns());
  /** The modal questions; integration tests answer them through this. */
  ui: DeployUi = modalUi;
  /** `build:<ref>` / `deploy:<ref>` while one runs: a second click waits for nothing and starts nothing. */
  readonly running = new Set<string>();

  constructor(private readonly connection: Connection) {
    super();
    this._register(vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, this._register(new ChuteCodeLenses())));
    this._register(vscode.window.onDidCloseTerminal((terminal) => this.runs.terminalClosed(terminal)));
    const trusted = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => async (...args: A): Promise<R | undefined> => {
      if (vscode.workspace.isTrusted) return run(...args);
      void vscode.window.showWarningMessage('Chutes: building, deploying and running chutes import this workspace\'s Python, so they need a trusted workspace.');
      return undefined;
    };
    this._register(vscode.commands.registerCommand('chutes.build', trusted(async (arg?: unknown, variable?: unknown) => (await import('./deployCommands')).runCommand(this, 'build', arg, variable))));
    this._register(vscode.commands.registerCommand('chutes.deploy', trusted(async (arg?: unknown, variable?: unknown) => (await import('./deployCommands')).runCommand(this, 'deploy', arg, variable))));
    this._register(vscode.commands.registerCommand('chutes.runLocally', trusted(async (arg?: unknown, variable?: unknown) => (await import('./deployCommands')).runCommand(this, 'run', arg, variable))));
    this._register(
      vscode.commands.registerCommand(
        'chutes.detectCli',
        trusted(async (resource?: unknown) => (await import('./deployCommands')).detectCli(resource instanceof vscode.Uri ? resource : undefined)),
      ),
    );
    this._register(vscode.commands.registerCommand('chutes.localRunPort', (ref?: unknown): LocalRun | undefined => this.runs.current(typeof ref === 'string' ? ref : undefined)));
  }

  get context(): DeployContext {
    return { connection: this.connection, buildOutput: this.buildOutput, deployOutput: this.deployOutput, ui: this.ui };
  }

  /** The chute a command would act on, for callers that bring their own cancellation token. */
  async target(uri: vscode.Uri, variable: string): Promise<ChuteTarget | undefined> {
    return (await import('./deployCommands')).resolveTarget(uri, variable);
  }

  /** Build with a caller's cancellation token (the command uses the progress notification's). */
  async build(target: ChuteTarget, token: vscode.CancellationToken, onLine?: BuildLineListener): Promise<BuildOutcome> {
    return (await import('./deployCommands')).buildChute(this.context, target, token, onLine);
  }

  async deploy(target: ChuteTarget, token: vscode.CancellationToken): Promise<DeployOutcome> {
    return (await import('./deployCommands')).deployChute(this.context, target, token);
  }
}
