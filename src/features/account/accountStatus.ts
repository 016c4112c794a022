import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL } from '../../core/auth/configIni';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import type { Connection } from './connection';

/**
 * The status bar item: who is signed in and their balance, and the platform when it is not the
 * default one. It asks the server only when told to (after sign-in, or once the explorer has shown
 * its rows), so activation stays free of network calls.
 */
export class AccountStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('chutes.account', vscode.StatusBarAlignment.Left, 50));
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly connection: Connection) {
    super();
    this.item.name = 'Chutes Account';
    this.item.command = 'chutes.accountActions';
    // Credentials changed here or in another window: once shown, the line follows.
    this._register(connection.onDidChange(() => this.shown && void this.update()));
  }

  private get shown(): boolean {
    return this.item.text !== '';
  }

  /** Shows the signed-out state, or asks GET /users/me; one load at a time, each after the last change. */
  update(): Promise<void> {
    this.queue = this.queue.then(() => this.load());
    return this.queue;
  }

  get text(): string {
    return this.item.text;
  }

  private async load(): Promise<void> {
    const credentials = await this.connection.credentials().catch(() => undefined);
    const { client, target } = await this.connection.client();
    const platform = target.apiBaseUrl.replace(/\/+$/, '') === DEFAULT_API_BASE_URL ? '' : ` · ${new URL(target.apiBaseUrl).host}`;
    if (!credentials) {
      this.item.text = `$(account) Chutes: Sign In${platform}`;
      this.item.tooltip = 'Not signed in to Chutes. Click to sign in.';
      this.item.show();
      return;
    }
    try {
      const me = await client.me();
      this.item.text = `$(account) ${me.username} · $${Number(me.balance ?? 0).toFixed(2)}${platform}`;
      this.item.tooltip = new vscode.MarkdownString(`Signed in to **${target.apiBaseUrl}** as **${me.username}**.\n\nClick for account actions.`);
      this.item.backgroundColor = undefined;
    } catch (error) {
      log.warn(`Account status: ${error instanceof Error ? error.message : String(error)}`);
      const status = (error as { status?: number }).status;
      this.item.text = `$(warning) Chutes${status === 401 ? ': credentials refused' : ': offline'}${platform}`;
      this.item.tooltip = error instanceof Error ? error.message : String(error);
      this.item.backgroundColor = new vscode.ThemeColor(status === 401 ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    }
    this.item.show();
  }
}

/** The quick actions behind the status bar item. */
export async function accountActions(signedIn: boolean): Promise<void> {
  const actions: Array<vscode.QuickPickItem & { command: string; args?: unknown[] }> = signedIn
    ? [
        { label: '$(refresh) Refresh Chutes', command: 'chutes.explorer.refresh' },
        { label: '$(plug) Check Connection', command: 'chutes.checkConnection' },
        { label: '$(key) Create API Key…', command: 'chutes.apiKeys.create' },
        { label: '$(account) Sign In with Other Credentials…', command: 'chutes.signIn' },
        { label: '$(sign-out) Sign Out', command: 'chutes.signOut' },
        { label: '$(output) Show Log', command: 'chutes.showLog' },
      ]
    : [
        { label: '$(sign-in) Sign In…', command: 'chutes.signIn' },
        { label: '$(gear) Open Settings', command: 'chutes.openSettings' },
      ];
  const picked = await vscode.window.showQuickPick(actions, { title: 'Chutes Account' });
  if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
}
