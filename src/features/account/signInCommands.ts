import * as vscode from 'vscode';
import { showError } from '../../shared/errors';
import { accountActions, type AccountStatus } from './accountStatus';
import type { Connection } from './connection';
import type { SignIn, SignInRequest } from './signIn';

/** `chutes.signIn`, `chutes.signOut` and `chutes.accountActions` (the status bar item's menu). */
export function registerSignInCommands(signIn: SignIn, connection: Connection, status: AccountStatus): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('chutes.signIn', async (request?: SignInRequest) => {
      try {
        const result = await signIn.run(request);
        if (result) await status.update();
        return result;
      } catch (error) {
        void showError('Chutes: sign-in failed', error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('chutes.updateCredentials', () => vscode.commands.executeCommand('chutes.signIn')),
    vscode.commands.registerCommand('chutes.signOut', async () => {
      await signIn.signOut();
      await status.update();
    }),
    vscode.commands.registerCommand('chutes.accountActions', async () => {
      const signedIn = !!(await connection.credentials().catch(() => undefined));
      await accountActions(signedIn);
    }),
  );
}
