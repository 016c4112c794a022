import * as vscode from 'vscode';
import { apiKeyProblem } from '../../core/auth/apiKey';
import { log } from '../../shared/log';
import { ApiKeyStore } from './apiKeyStore';

export function registerAccountCommands(store: ApiKeyStore): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('chutes.setApiKey', async (value?: string) => {
      const key =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: 'Chutes API Key',
              prompt: 'Paste an API key (cpk_…). It is kept in VS Code secret storage, never in settings.',
              password: true,
              ignoreFocusOut: true,
              validateInput: (text) => apiKeyProblem(text),
            });
      if (key === undefined) return;
      const problem = apiKeyProblem(key);
      if (problem) {
        void vscode.window.showErrorMessage(problem);
        return;
      }
      await store.set(key);
      log.info('API key saved to secret storage.');
      void vscode.window.showInformationMessage('Chutes API key saved.');
    }),
    vscode.commands.registerCommand('chutes.clearApiKey', async () => {
      await store.clear();
      log.info('API key removed from secret storage.');
      void vscode.window.showInformationMessage('Chutes API key removed.');
    }),
    vscode.commands.registerCommand('chutes.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:chutes-community.chutes-vscode'),
    ),
    vscode.commands.registerCommand('chutes.showLog', () => log.show()),
  ];
}
