import * as vscode from 'vscode';
import { redact } from '../core/redact';
import { log } from './log';

/** Shows a failure in the user's terms, with the full detail in the log. */
export async function showError(action: string, error: unknown): Promise<void> {
  const message = redact(error instanceof Error ? error.message : String(error));
  log.error(`${action}: ${error instanceof Error ? (error.stack ?? message) : message}`);
  const choice = await vscode.window.showErrorMessage(`${action}: ${message}`, 'Show Log');
  if (choice === 'Show Log') log.show();
}
