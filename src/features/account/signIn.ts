import * as vscode from 'vscode';
import type { Credentials } from '../../core/api/client';
import type { Me } from '../../core/api/types';
import { apiKeyProblem } from '../../core/auth/apiKey';
import { configCredentials, loadChutesConfig } from '../../core/auth/configIni';
import { defaultWalletsDir, hotkeyFilePath, listWallets, readHotkeyFile, walletCredentials } from '../../core/auth/wallet';
import { redact } from '../../core/redact';
import { log } from '../../shared/log';
import { readSettings } from '../../shared/settings';
import type { ApiKeyStore } from './apiKeyStore';
import type { Connection } from './connection';
import type { SignInChoice, SignInStore } from './signInStore';

/** What `chutes.signIn` accepts from code (tests, other features); a person gets QuickPicks instead. */
export type SignInRequest =
  | { method: 'apiKey'; apiKey?: string }
  | { method: 'config' }
  | { method: 'wallet'; wallet?: string; hotkey?: string; walletsDir?: string };

export interface SignInResult {
  username: string;
  via: string;
}

interface Candidate {
  credentials: Credentials;
  choice: SignInChoice;
  via: string;
  /** Stores what the sign-in needs kept (only the API key is a secret we keep). */
  store(): Promise<void>;
}

/**
 * "Chutes: Sign In": an API key, the CLI's config.ini hotkey, or a wallet hotkey on disk. Each is
 * verified with GET /users/me before anything is stored, so a wrong key never replaces a good one.
 */
export class SignIn {
  constructor(
    private readonly connection: Connection,
    private readonly apiKeys: ApiKeyStore,
    private readonly signIns: SignInStore,
  ) {}

  async run(request?: SignInRequest): Promise<SignInResult | undefined> {
    const method = request?.method ?? (await this.pickMethod());
    if (!method) return undefined;
    const candidate = await this.candidate(method, request);
    if (!candidate) return undefined;
    const me = await this.verify(candidate);
    await candidate.store();
    await this.signIns.set(candidate.choice);
    log.info(`Signed in as ${me.username} (${candidate.via}).`);
    void vscode.window.showInformationMessage(`Chutes: signed in as ${me.username} (${candidate.via}); balance $${Number(me.balance ?? 0).toFixed(2)}.`);
    return { username: me.username, via: candidate.via };
  }

  async signOut(): Promise<void> {
    await this.apiKeys.clear();
    await this.signIns.set({ kind: 'signedOut' });
    log.info('Signed out: the stored API key and sign-in choice are forgotten.');
    const envKey = process.env.CHUTES_API_KEY?.trim();
    void vscode.window.showInformationMessage(
      envKey
        ? 'Chutes: signed out. CHUTES_API_KEY in the environment still applies until you unset it.'
        : 'Chutes: signed out. Your CLI config and wallet files are untouched.',
    );
  }

  private async pickMethod(): Promise<SignInRequest['method'] | undefined> {
    const items: Array<vscode.QuickPickItem & { method: SignInRequest['method'] }> = [
      { method: 'apiKey', label: '$(key) API key', detail: 'Paste a cpk_… key; it is kept in VS Code secret storage.' },
      { method: 'config', label: '$(terminal) Chutes CLI hotkey', detail: `The hotkey that \`chutes register\` wrote to config.ini.` },
      { method: 'wallet', label: '$(shield) Bittensor wallet hotkey', detail: 'A hotkey file under ~/.bittensor/wallets; read when needed, never copied.' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Chutes: Sign In', placeHolder: 'How do you want to sign in?' });
    return picked?.method;
  }

  private async candidate(method: SignInRequest['method'], request: SignInRequest | undefined): Promise<Candidate | undefined> {
    if (method === 'apiKey') {
      const given = request?.method === 'apiKey' ? request.apiKey : undefined;
      const key =
        given ??
        (await vscode.window.showInputBox({
          title: 'Chutes API Key',
          prompt: 'Paste an API key (cpk_…). It is checked with the server, then kept in VS Code secret storage.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (text) => apiKeyProblem(text),
        }));
      if (key === undefined) return undefined;
      const problem = apiKeyProblem(key);
      if (problem) throw new Error(problem);
      return { credentials: { kind: 'apiKey', apiKey: key.trim() }, choice: { kind: 'apiKey' }, via: 'API key', store: () => this.apiKeys.set(key) };
    }
    if (method === 'config') {
      const config = await loadChutesConfig(readSettings().configPath, { env: process.env });
      const credentials = await configCredentials(config);
      return { credentials, choice: { kind: 'config' }, via: `CLI hotkey ${config.hotkeyName} (${config.path})`, store: () => this.apiKeys.clear() };
    }
    const given = request?.method === 'wallet' ? request : undefined;
    const walletsDir = given?.walletsDir ?? defaultWalletsDir();
    const chosen = given?.wallet && given.hotkey ? { wallet: given.wallet, hotkey: given.hotkey } : await pickHotkey(walletsDir);
    if (!chosen) return undefined;
    const file = hotkeyFilePath(walletsDir, chosen.wallet, chosen.hotkey);
    const credentials = await walletCredentials(await readHotkeyFile(file));
    const label = `${chosen.wallet}/${chosen.hotkey}`;
    return { credentials, choice: { kind: 'wallet', file, label }, via: `wallet hotkey ${label}`, store: () => this.apiKeys.clear() };
  }

  private async verify(candidate: Candidate): Promise<Me> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Chutes: checking the ${candidate.via}…`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await this.connection.verify(candidate.credentials, abort.signal);
        } catch (error) {
          const words = redact(error instanceof Error ? error.message : String(error));
          throw new Error(`The server did not accept the ${candidate.via}, so nothing was stored: ${words}`, { cause: error });
        } finally {
          sub.dispose();
        }
      },
    );
  }
}

async function pickHotkey(walletsDir: string): Promise<{ wallet: string; hotkey: string } | undefined> {
  const wallets = await listWallets(walletsDir);
  const items = wallets.flatMap((wallet) =>
    wallet.hotkeys.map((hotkey) => ({ label: `${wallet.name}/${hotkey}`, description: wallet.coldkeySs58 ? `coldkey ${wallet.coldkeySs58}` : undefined, wallet: wallet.name, hotkey })),
  );
  if (!items.length) {
    void vscode.window.showWarningMessage(`No wallet hotkeys in ${walletsDir}. Create one with \`btcli wallet new-hotkey\`, or sign in with an API key.`);
    return undefined;
  }
  return vscode.window.showQuickPick(items, { title: 'Chutes: Sign In with a Wallet Hotkey', placeHolder: walletsDir });
}
