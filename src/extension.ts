import * as vscode from 'vscode';
import { registerAccountCommands } from './features/account/accountCommands';
import { AccountStatus } from './features/account/accountStatus';
import { ApiKeyStore } from './features/account/apiKeyStore';
import { registerCheckConnection } from './features/account/checkConnection';
import { Connection } from './features/account/connection';
import { HostTrust } from './features/account/hostTrust';
import { AttestFeature } from './features/attest/attestFeature';
import { DeployFeature } from './features/deploy/deployFeature';
import { registerSignInCommands } from './features/account/signInCommands';
import { SignInStore } from './features/account/signInStore';
import { EditorFeature } from './features/editor/editorFeature';
import { ExplorerView } from './features/explorer/explorerView';
import { PlaygroundFeature } from './features/playground/playgroundFeature';
import { log } from './shared/log';

/** esbuild.mjs defines it: true in test builds, false in `--production` (the packaged extension). */
declare const CHUTES_TEST_BUILD: boolean;

/**
 * The live parts, handed to integration tests only: activate() returns them in a test build run by
 * the test runner, and nothing otherwise, so no other extension can reach the key store (docs/trust.md).
 */
export interface ChutesExtensionApi {
  readonly apiKeys: ApiKeyStore;
  readonly connection: Connection;
  readonly explorer: ExplorerView;
  readonly hostTrust: HostTrust;
  readonly attest: AttestFeature;
  readonly editor: EditorFeature;
  readonly deploy: DeployFeature;
  readonly accountStatus: AccountStatus;
  readonly playground: PlaygroundFeature;
}

// docs/architecture.md: activate() only registers; no network, no subprocess, no heavy imports.
export function activate(context: vscode.ExtensionContext): ChutesExtensionApi | undefined {
  const apiKeys = new ApiKeyStore(context.secrets);
  const hostTrust = new HostTrust(context.globalState);
  const signIns = new SignInStore(context.secrets);
  const connection = new Connection(apiKeys, hostTrust, signIns);
  const accountStatus = new AccountStatus(connection);
  const explorer = new ExplorerView(context, connection, accountStatus);
  context.subscriptions.push(apiKeys, connection, explorer, ...registerAccountCommands(apiKeys));
  context.subscriptions.push(signIns, accountStatus, registerSignInCommands(connection, apiKeys, signIns, accountStatus));
  context.subscriptions.push(registerCheckConnection(connection));
  context.subscriptions.push(connection.onDidChange(() => explorer.refresh()));
  const editor = new EditorFeature(context.asAbsolutePath('dist/lint-worker.js'));
  context.subscriptions.push(editor);
  const attest = new AttestFeature(connection);
  context.subscriptions.push(attest);
  const deploy = new DeployFeature(connection);
  context.subscriptions.push(deploy);
  const playground = new PlaygroundFeature(context, connection);
  context.subscriptions.push(playground);
  context.subscriptions.push({ dispose: () => log.dispose() });
  const testApi = CHUTES_TEST_BUILD && context.extensionMode === vscode.ExtensionMode.Test;
  return testApi ? { apiKeys, connection, explorer, hostTrust, attest, editor, deploy, accountStatus, playground } : undefined;
}

export function deactivate(): void {}
