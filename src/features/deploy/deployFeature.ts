// Build, deploy and run chutes through the real chutes CLI (docs/cli.md). Registration only: the
// work lives in modules loaded on first use. Every command refuses in an untrusted workspace,
// since building, deploying and running import the workspace's Python.
import * as vscode from 'vscode';
import { showError } from '../../shared/errors';
import { Disposable } from '../../shared/lifecycle';
import type { Connection } from '../account/connection';
import { PYTHON_SELECTOR } from '../editor/chuteDocuments';
import type { BuildLineListener, BuildOutcome } from './build';
import { resolveTarget, type ChuteTarget } from './chuteTarget';
import { ChuteCodeLenses } from './codeLens';
import type { DeployOutcome } from './deploy';
import { modalUi, runIfRegistered, type DeployContext, type DeployUi } from './deployContext';
import { LocalRuns, type LocalRun } from './runLocally';

export class DeployFeature extends Disposable {
  readonly buildOutput = this._register(vscode.window.createOutputChannel('Chutes: Build'));
  readonly deployOutput = this._register(vscode.window.createOutputChannel('Chutes: Deploy'));
  readonly runs = this._register(new LocalRuns());
  /** The modal questions; integration tests answer them through this. */
  ui: DeployUi = modalUi;
  /** `build:<ref>` / `deploy:<ref>` while one runs: a second click waits for nothing and starts nothing. */
  private readonly running = new Set<string>();

  constructor(private readonly connection: Connection) {
    super();
    this._register(vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, this._register(new ChuteCodeLenses())));
    this._register(vscode.window.onDidCloseTerminal((terminal) => this.runs.terminalClosed(terminal)));
    const trusted = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => async (...args: A): Promise<R | undefined> => {
      if (vscode.workspace.isTrusted) return run(...args);
      void vscode.window.showWarningMessage('Chutes: building, deploying and running chutes import this workspace\'s Python, so they need a trusted workspace.');
      return undefined;
    };
    this._register(vscode.commands.registerCommand('chutes.build', trusted((arg?: unknown, variable?: unknown) => this.command('build', arg, variable))));
    this._register(vscode.commands.registerCommand('chutes.deploy', trusted((arg?: unknown, variable?: unknown) => this.command('deploy', arg, variable))));
    this._register(vscode.commands.registerCommand('chutes.runLocally', trusted((arg?: unknown, variable?: unknown) => this.command('run', arg, variable))));
    this._register(
      vscode.commands.registerCommand(
        'chutes.detectCli',
        trusted(async (resource?: unknown) => (await import('./detectCli')).detectCli(resource instanceof vscode.Uri ? resource : undefined)),
      ),
    );
    this._register(vscode.commands.registerCommand('chutes.localRunPort', (ref?: unknown): LocalRun | undefined => this.runs.current(typeof ref === 'string' ? ref : undefined)));
  }

  private get context(): DeployContext {
    return { connection: this.connection, buildOutput: this.buildOutput, deployOutput: this.deployOutput, ui: this.ui };
  }

  /** The chute a command would act on, for callers that bring their own cancellation token. */
  target(uri: vscode.Uri, variable: string): Promise<ChuteTarget | undefined> {
    return resolveTarget(uri, variable);
  }

  /** Build with a caller's cancellation token (the command uses the progress notification's). */
  async build(target: ChuteTarget, token: vscode.CancellationToken, onLine?: BuildLineListener): Promise<BuildOutcome> {
    return (await import('./build')).buildChute(this.context, target, token, onLine);
  }

  async deploy(target: ChuteTarget, token: vscode.CancellationToken): Promise<DeployOutcome> {
    return (await import('./deploy')).deployChute(this.context, target, token);
  }

  private async command(kind: 'build' | 'deploy' | 'run', arg: unknown, variable: unknown): Promise<BuildOutcome | DeployOutcome | LocalRun | undefined> {
    const verb = { build: 'Build', deploy: 'Deploy', run: 'Run locally' }[kind];
    let target: ChuteTarget | undefined;
    try {
      target = await resolveTarget(arg, variable);
      if (!target) return undefined;
      if (kind === 'run') return await this.runs.start(target);
      const chosen = target;
      const label = chosen.definition.name ?? chosen.ref;
      const key = `${kind}:${chosen.cwd}:${chosen.ref}`;
      if (this.running.has(key)) {
        void vscode.window.showInformationMessage(`Chutes: ${label} is already ${kind === 'build' ? 'building' : 'deploying'}; see its progress notification.`);
        return undefined;
      }
      this.running.add(key);
      let outcome: BuildOutcome | DeployOutcome;
      try {
        outcome = await vscode.window.withProgress<BuildOutcome | DeployOutcome>(
          { location: vscode.ProgressLocation.Notification, title: `Chutes: ${kind === 'build' ? 'building' : 'deploying'} ${label}`, cancellable: true },
          (progress, token) =>
            kind === 'build'
              ? this.build(chosen, token, (line) => progress.report({ message: line.slice(0, 120) }))
              : this.deploy(chosen, token),
        );
      } finally {
        this.running.delete(key);
      }
      void this.announce(kind, chosen, outcome);
      return outcome;
    } catch (error) {
      void showError(`Chutes: ${verb} ${target?.ref ?? ''}`.trim(), error);
      return undefined;
    }
  }

  /** The end of a build or deploy: what happened and what to do next. */
  private async announce(kind: 'build' | 'deploy', target: ChuteTarget, outcome: BuildOutcome | DeployOutcome): Promise<void> {
    const window = vscode.window;
    const output = kind === 'build' ? this.buildOutput : this.deployOutput;
    const registered = new Set(await vscode.commands.getCommands(true));
    switch (outcome.status) {
      case 'built':
      case 'standard':
      case 'exists': {
        if (kind === 'build' && (await window.showInformationMessage(outcome.message, 'Deploy')) === 'Deploy') {
          await vscode.commands.executeCommand('chutes.deploy', target.uri, target.definition.variable);
        } else if (kind === 'deploy') void window.showWarningMessage(outcome.message);
        return;
      }
      case 'deployed': {
        const chuteId = (outcome as DeployOutcome).chuteId;
        const actions = [
          ...(registered.has('chutes.openPlayground') ? ['Open in Playground'] : []),
          ...(registered.has('chutes.warmUp') ? ['Warm Up'] : []),
        ];
        const choice = await window.showInformationMessage(outcome.message, ...actions);
        if (choice === 'Open in Playground') await runIfRegistered('chutes.openPlayground', chuteId);
        if (choice === 'Warm Up') await runIfRegistered('chutes.warmUp', chuteId);
        return;
      }
      case 'fee-declined':
      case 'cancelled':
        void window.showInformationMessage(outcome.message);
        return;
      case 'no-cli':
        return;
      case 'image-not-ready':
        if ((await window.showErrorMessage(outcome.message, 'Build')) === 'Build') {
          await vscode.commands.executeCommand('chutes.build', target.uri, target.definition.variable);
        }
        return;
      case 'failed':
        if ((await window.showErrorMessage(outcome.message, 'Show Output')) === 'Show Output') output.show();
        return;
    }
  }
}
