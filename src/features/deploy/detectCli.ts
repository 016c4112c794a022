// Chutes: Detect CLI. Says which chutes CLI the commands will use and its version; when there is
// none, says why and offers to install it into the selected Python environment, in a terminal the
// user sees (`python -m pip install chutes`, no shell).
import path from 'node:path';
import * as vscode from 'vscode';
import { isMissing, type CliMissing, type CliSource } from '../../core/cli/locate';
import { cliVersion } from '../../core/cli/process';
import { findCli } from './cliFinder';
import { startProcessTerminal } from './processTerminal';

export interface DetectResult {
  found: boolean;
  executable?: string;
  source?: CliSource;
  version?: string;
  reason?: string;
}

const SOURCE_LABEL: Record<CliSource, string> = {
  setting: 'the chutes.cliPath setting',
  python: 'the selected Python environment',
  path: 'PATH',
};

export const INSTALL_ACTION = 'Install in the selected environment';

export async function detectCli(resource?: vscode.Uri): Promise<DetectResult> {
  const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
  const cli = await findCli(uri);
  if (isMissing(cli)) {
    void showCliMissing(cli);
    return { found: false, reason: cli.reason };
  }
  const version = await cliVersion(cli.python);
  void vscode.window.showInformationMessage(
    `Chutes CLI ${version ?? '(version unknown)'} at ${cli.executable}, found through ${SOURCE_LABEL[cli.source]}.`,
  );
  return { found: true, executable: cli.executable, source: cli.source, version };
}

/** The "no CLI" message with what the user can do about it. */
export async function showCliMissing(missing: CliMissing): Promise<void> {
  const actions = [
    ...(missing.python ? [INSTALL_ACTION] : []),
    ...(!missing.python && vscode.extensions.getExtension('ms-python.python') ? ['Select Interpreter'] : []),
    'Set CLI Path',
  ];
  const choice = await vscode.window.showErrorMessage(`${missing.reason} Building, deploying and running chutes need it (pip install chutes).`, ...actions);
  if (choice === INSTALL_ACTION && missing.python) installCli(missing.python);
  else if (choice === 'Select Interpreter') await vscode.commands.executeCommand('python.setInterpreter');
  else if (choice === 'Set CLI Path') await vscode.commands.executeCommand('workbench.action.openSettings', 'chutes.cliPath');
}

/** Runs pip in a visible terminal; once it ends, the CLI is looked for again. */
export function installCli(python: string): vscode.Terminal {
  return startProcessTerminal({
    name: 'Chutes: install CLI',
    executable: python,
    args: ['-m', 'pip', 'install', 'chutes'],
    cwd: path.dirname(python),
    env: process.env,
    onExit: () => void findCli(),
  });
}
