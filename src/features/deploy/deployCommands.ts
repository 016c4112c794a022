// The heavy half of Build, Deploy, Run locally and Detect CLI: the feature's one lazy bundle
// (docs/architecture.md, "Lazy loading"), so the CLI finder, runner and terminals load once, on
// the first command. deployFeature.ts registers the commands.
import * as vscode from 'vscode';
import { showError } from '../../shared/errors';
import type { BuildOutcome } from './build';
import { resolveTarget, type ChuteTarget } from './chuteTarget';
import type { DeployOutcome } from './deploy';
import { runIfRegistered } from './deployContext';
import type { DeployFeature } from './deployFeature';
import type { LocalRun } from './runLocally';

export { buildChute } from './build';
export { resolveTarget } from './chuteTarget';
export { deployChute } from './deploy';
export { detectCli } from './detectCli';
export { launchLocalRun } from './localRun';

/** A Build, Deploy or Run locally command: picks the chute, runs it with progress, says what happened. */
export async function runCommand(feature: DeployFeature, kind: 'build' | 'deploy' | 'run', arg: unknown, variable: unknown): Promise<BuildOutcome | DeployOutcome | LocalRun | undefined> {
  const verb = { build: 'Build', deploy: 'Deploy', run: 'Run locally' }[kind];
  let target: ChuteTarget | undefined;
  try {
    target = await resolveTarget(arg, variable);
    if (!target) return undefined;
    if (kind === 'run') return await feature.runs.start(target);
    const chosen = target;
    const label = chosen.definition.name ?? chosen.ref;
    const key = `${kind}:${chosen.cwd}:${chosen.ref}`;
    if (feature.running.has(key)) {
      void vscode.window.showInformationMessage(`Chutes: ${label} is already ${kind === 'build' ? 'building' : 'deploying'}; see its progress notification.`);
      return undefined;
    }
    feature.running.add(key);
    let outcome: BuildOutcome | DeployOutcome;
    try {
      outcome = await vscode.window.withProgress<BuildOutcome | DeployOutcome>(
        { location: vscode.ProgressLocation.Notification, title: `Chutes: ${kind === 'build' ? 'building' : 'deploying'} ${label}`, cancellable: true },
        (progress, token) =>
          kind === 'build'
            ? feature.build(chosen, token, (line) => progress.report({ message: line.slice(0, 120) }))
            : feature.deploy(chosen, token),
      );
    } finally {
      feature.running.delete(key);
    }
    void announce(feature, kind, chosen, outcome);
    return outcome;
  } catch (error) {
    void showError(`Chutes: ${verb} ${target?.ref ?? ''}`.trim(), error);
    return undefined;
  }
}

/** The end of a build or deploy: what happened and what to do next. */
async function announce(feature: DeployFeature, kind: 'build' | 'deploy', target: ChuteTarget, outcome: BuildOutcome | DeployOutcome): Promise<void> {
  const window = vscode.window;
  const output = kind === 'build' ? feature.buildOutput : feature.deployOutput;
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
