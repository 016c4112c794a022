import * as vscode from 'vscode';
import { showError } from '../../shared/errors';
import { accountActions, type AccountStatus } from './accountStatus';
import type { ApiKeyStore } from './apiKeyStore';
import type { Connection } from './connection';
import type { SignIn, SignInRequest } from './signIn';
import type { SignInStore } from './signInStore';

/**
 * `chutes.signIn`, `chutes.signOut` and `chutes.accountActions` (the status bar item's menu). The
 * sign-in flows load on first use.
 */
export function registerSignInCommands(connection: Connection, apiKeys: ApiKeyStore, signIns: SignInStore, status: AccountStatus): vscode.Disposable {
  let loaded: Promise<SignIn> | undefined;
  const signIn = () => (loaded ??= import('./signIn').then(({ SignIn }) => new SignIn(connection, apiKeys, signIns)));
  return vscode.Disposable.from(
    vscode.commands.registerCommand('chutes.signIn', async (request?: SignInRequest) => {
      try {
        const result = await (await signIn()).run(request);
        if (result) await status.update();
        return result;
      } catch (error) {
        void showError('Chutes: sign-in failed', error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('chutes.updateCredentials', () => vscode.commands.executeCommand('chutes.signIn')),
    vscode.commands.registerCommand('chutes.signOut', async () => {
      await (await signIn()).signOut();
      await status.update();
    }),
    vscode.commands.registerCommand('chutes.accountActions', async () => {
      const signedIn = !!(await connection.credentials().catch(() => undefined));
      await accountActions(signedIn);
    }),
  );
}
