import * as vscode from 'vscode';
import { registerAccountCommands } from './features/account/accountCommands';
import { AccountStatus } from './features/account/accountStatus';
import { ApiKeyStore } from './features/account/apiKeyStore';
import { registerCheckConnection } from './features/account/checkConnection';
import { Connection } from './features/account/connection';
import { SignIn } from './features/account/signIn';
import { registerSignInCommands } from './features/account/signInCommands';
import { SignInStore } from './features/account/signInStore';
import { EditorFeature } from './features/editor/editorFeature';
import { ExplorerView } from './features/explorer/explorerView';
import { log } from './shared/log';

/** What activate() returns: the live parts, so integration tests can inspect them. */
export interface ChutesExtensionApi {
  readonly apiKeys: ApiKeyStore;
  readonly connection: Connection;
  readonly explorer: ExplorerView;
  readonly accountStatus: AccountStatus;
}

// design.md: activate() only registers; no network, no subprocess, no heavy imports.
export function activate(context: vscode.ExtensionContext): ChutesExtensionApi {
  const apiKeys = new ApiKeyStore(context.secrets);
  const signIns = new SignInStore(context.secrets);
  const connection = new Connection(apiKeys, signIns);
  const accountStatus = new AccountStatus(connection);
  const explorer = new ExplorerView(context, connection, accountStatus);
  context.subscriptions.push(apiKeys, connection, explorer, ...registerAccountCommands(apiKeys));
  context.subscriptions.push(signIns, accountStatus, registerSignInCommands(new SignIn(connection, apiKeys, signIns), connection, accountStatus));
  context.subscriptions.push(registerCheckConnection(connection));
  context.subscriptions.push(connection.onDidChange(() => explorer.refresh()));
  context.subscriptions.push(new EditorFeature());
  context.subscriptions.push({ dispose: () => log.dispose() });
  return { apiKeys, connection, explorer, accountStatus };
}

export function deactivate(): void {}
