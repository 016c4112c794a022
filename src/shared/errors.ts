import * as vscode from 'vscode';
import { redact } from '../core/redact';
import { log } from './log';

/** A 401 from the server, or credentials we do not have: the user can fix it by signing in again. */
export function isAuthFailure(error: unknown): boolean {
  const { status, name } = (error ?? {}) as { status?: unknown; name?: unknown };
  return status === 401 || name === 'AuthRequiredError' || name === 'CredentialsError';
}

/** Shows a failure in the user's terms, with the full detail in the log. */
export async function showError(action: string, error: unknown): Promise<void> {
  const message = redact(error instanceof Error ? error.message : String(error));
  log.error(`${action}: ${error instanceof Error ? (error.stack ?? message) : message}`);
  const actions = isAuthFailure(error) ? ['Update Credentials', 'Show Log'] : ['Show Log'];
  const choice = await vscode.window.showErrorMessage(`${action}: ${message}`, ...actions);
  if (choice === 'Show Log') log.show();
  if (choice === 'Update Credentials') await vscode.commands.executeCommand('chutes.signIn');
}
