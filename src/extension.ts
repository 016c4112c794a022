import * as vscode from 'vscode';
import { registerAccountCommands } from './features/account/accountCommands';
import { ApiKeyStore } from './features/account/apiKeyStore';
import { ExplorerView } from './features/explorer/explorerView';
import { log } from './shared/log';

/** What activate() returns: the live parts, so integration tests can inspect them. */
export interface ChutesExtensionApi {
  readonly apiKeys: ApiKeyStore;
  readonly explorer: ExplorerView;
}

// design.md: activate() only registers; no network, no subprocess, no heavy imports.
export function activate(context: vscode.ExtensionContext): ChutesExtensionApi {
  const apiKeys = new ApiKeyStore(context.secrets);
  const explorer = new ExplorerView();
  context.subscriptions.push(apiKeys, explorer, ...registerAccountCommands(apiKeys));
  context.subscriptions.push(apiKeys.onDidChange(() => explorer.refresh()));
  context.subscriptions.push({ dispose: () => log.dispose() });
  return { apiKeys, explorer };
}

export function deactivate(): void {}
