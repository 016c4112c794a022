import * as vscode from 'vscode';
import { showError } from '../../shared/errors';
import type { Connection } from './connection';

/** `Chutes: Check Connection`: pings the API, then says who we are signed in as. */
export function registerCheckConnection(connection: Connection): vscode.Disposable {
  return vscode.commands.registerCommand('chutes.checkConnection', () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Chutes: checking connection…', cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const { client, target } = await connection.client();
          await client.ping(abort.signal);
          const credentials = await connection.credentials();
          if (!credentials) {
            const choice = await vscode.window.showWarningMessage(
              `Reached ${target.apiBaseUrl}, but no credentials are set: add an API key, or a hotkey with \`chutes register\`.`,
              'Set API Key',
            );
            if (choice) await vscode.commands.executeCommand('chutes.setApiKey');
            return;
          }
          const me = await client.me(abort.signal);
          const via = credentials.kind === 'apiKey' ? 'API key' : `hotkey ${credentials.ss58}`;
          void vscode.window.showInformationMessage(
            `Connected to ${target.apiBaseUrl} as ${me.username} (${via}); balance $${Number(me.balance ?? 0).toFixed(2)}.`,
          );
        } catch (error) {
          if (!token.isCancellationRequested) await showError('Chutes: connection check failed', error);
        } finally {
          sub.dispose();
        }
      },
    ),
  );
}
