import * as vscode from 'vscode';
import { registerAccountCommands } from './features/account/accountCommands';
import { ApiKeyStore } from './features/account/apiKeyStore';
import { registerCheckConnection } from './features/account/checkConnection';
import { Connection } from './features/account/connection';
import { EditorFeature } from './features/editor/editorFeature';
import { ExplorerView } from './features/explorer/explorerView';
import { PlaygroundFeature } from './features/playground/playgroundFeature';
import { log } from './shared/log';

/** What activate() returns: the live parts, so integration tests can inspect them. */
export interface ChutesExtensionApi {
  readonly apiKeys: ApiKeyStore;
  readonly connection: Connection;
  readonly explorer: ExplorerView;
  readonly playground: PlaygroundFeature;
}

// design.md: activate() only registers; no network, no subprocess, no heavy imports.
export function activate(context: vscode.ExtensionContext): ChutesExtensionApi {
  const apiKeys = new ApiKeyStore(context.secrets);
  const connection = new Connection(apiKeys);
  const explorer = new ExplorerView();
  context.subscriptions.push(apiKeys, connection, explorer, ...registerAccountCommands(apiKeys));
  context.subscriptions.push(registerCheckConnection(connection));
  context.subscriptions.push(connection.onDidChange(() => explorer.refresh()));
  context.subscriptions.push(new EditorFeature());
  const playground = new PlaygroundFeature(context, connection);
  context.subscriptions.push(playground);
  context.subscriptions.push({ dispose: () => log.dispose() });
  return { apiKeys, connection, explorer, playground };
}

export function deactivate(): void {}
