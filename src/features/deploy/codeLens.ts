// Build / Deploy / Run locally above each module-level chute definition in a Python file.
// Off with chutes.codeLens.enabled, and absent in untrusted workspaces (the commands import
// workspace Python).
import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import { onSettingsChanged, readSettings } from '../../shared/settings';

export const CHUTE_COMMANDS = [
  { command: 'chutes.build', title: 'Build' },
  { command: 'chutes.deploy', title: 'Deploy' },
  { command: 'chutes.runLocally', title: 'Run locally' },
] as const;

export class ChuteCodeLenses extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor() {
    super();
    this._register(onSettingsChanged(() => this.changed.fire()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || !readSettings()['codeLens.enabled']) return [];
    const text = document.getText();
    if (!text.includes('chute')) return [];
    const { findChuteDefinitions } = await import('../../core/lint');
    return findChuteDefinitions(text).flatMap((definition) => {
      const range = new vscode.Range(definition.line, 0, definition.line, 0);
      return CHUTE_COMMANDS.map(
        ({ command, title }) => new vscode.CodeLens(range, { command, title, tooltip: `chutes ${title.toLowerCase().split(' ')[0]} <module>:${definition.variable}`, arguments: [document.uri, definition.variable] }),
      );
    });
  }
}
