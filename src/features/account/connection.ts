import { AsyncLocalStorage } from 'node:async_hooks';
import * as vscode from 'vscode';
import type { ChutesClient, Credentials } from '../../core/api/client';
import type { Me } from '../../core/api/types';
import { readHotkeyFile, walletCredentials } from '../../core/auth/wallet';
import { chutesBaseUrl, chutesConfigPath, configCredentials, hotkeyConfig, readConfigIni, type BaseUrlSource } from '../../core/auth/configIni';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import { onSettingsChanged, readSettings } from '../../shared/settings';
import type { ApiKeyStore } from './apiKeyStore';
import type { HostTrust } from './hostTrust';
import { reportIgnoredWorkspaceEndpoints } from './workspaceEndpoints';
import type { SignInStore } from './signInStore';

export interface ConnectionTarget {
  apiBaseUrl: string;
  /** Where the base URL came from, for messages. */
  source: 'setting' | BaseUrlSource;
}

const SOURCE_LABEL: Record<ConnectionTarget['source'], string> = {
  setting: 'the chutes.apiBaseUrl setting',
  config: 'config.ini',
  env: 'CHUTES_API_URL',
  default: 'the default',
};

/**
 * The one ChutesClient of the extension, rebuilt when settings change. Credentials are resolved per
 * request: the API key from secret storage (or CHUTES_API_KEY), else the hotkey in the CLI config.
 */
export class Connection extends Disposable {
  private current: { client: ChutesClient; target: ConnectionTarget } | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  /** Credentials being tried by sign-in, seen only by the requests made inside verify(). */
  private readonly trial = new AsyncLocalStorage<Credentials>();

  constructor(
    private readonly apiKeys: ApiKeyStore,
    private readonly hostTrust: HostTrust,
    private readonly signIns?: SignInStore,
  ) {
    super();
    if (signIns) this._register(signIns.onDidChange(() => this.changed.fire()));
    const reset = () => {
      void this.current?.client.close();
      this.current = undefined;
      this.changed.fire();
    };
    this._register(onSettingsChanged(reset));
    this._register(apiKeys.onDidChange(() => this.changed.fire()));
    this._register({ dispose: () => void this.current?.client.close() });
  }

  async client(): Promise<{ client: ChutesClient; target: ConnectionTarget }> {
    if (this.current) return this.current;
    const settings = readSettings();
    void reportIgnoredWorkspaceEndpoints();
    const target = await this.resolveTarget(settings.apiBaseUrl);
    const http = vscode.workspace.getConfiguration('http');
    // The client (and its undici transport) loads with the first request, not at activation.
    const { ChutesClient } = await import('../../core/api/client');
    const client = new ChutesClient(
      {
        apiBaseUrl: target.apiBaseUrl,
        platformDomain: settings.platformDomain,
        connectTo: settings.connectTo || undefined,
        timeoutMs: settings.requestTimeoutSeconds * 1000,
        proxy: http.get<string>('proxy') || undefined,
        noProxy: http.get<string[]>('noProxy') ?? [],
        userAgent: `chutes-vscode/${vscode.extensions.getExtension('chutes-community.chutes-vscode')?.packageJSON.version ?? 'dev'}`,
        auth: async () => this.trial.getStore() ?? this.credentials(),
        confirmHost: (host) => this.hostTrust.confirm(host),
      },
      {
        onRetry: ({ attempt, delayMs, method, path }) =>
          log.warn(`${method} ${path}: retry ${attempt} in ${Math.round(delayMs)} ms`),
      },
    );
    this.current = { client, target };
    log.info(`Connecting to ${target.apiBaseUrl} (from ${SOURCE_LABEL[target.source]})`);
    return this.current;
  }

  /** GET /users/me with `candidate` instead of the stored credentials: sign-in checks before it stores. */
  async verify(candidate: Credentials, signal?: AbortSignal): Promise<Me> {
    const { client } = await this.client();
    return this.trial.run(candidate, () => client.me(signal));
  }

  /**
   * API key first; else what sign-in chose (a wallet hotkey, or nothing after Sign Out); else the CLI
   * config's hotkey; else none (public calls still work).
   */
  async credentials(): Promise<Credentials | undefined> {
    const apiKey = await this.apiKeys.get();
    if (apiKey) return { kind: 'apiKey', apiKey };
    const choice = await this.signIns?.get();
    if (choice?.kind === 'signedOut') return undefined;
    if (choice?.kind === 'wallet') return walletCredentials(await readHotkeyFile(choice.file));
    const file = cliConfigFile();
    const ini = await readConfigIni(file);
    return ini?.get('auth') ? configCredentials(hotkeyConfig(ini, file)) : undefined;
  }

  /** The setting wins when the user set it; else the CLI's order: config.ini, CHUTES_API_URL, default. */
  private async resolveTarget(setting: string): Promise<ConnectionTarget> {
    // User settings only: a workspace value is ignored (docs/trust.md).
    const userSet = vscode.workspace.getConfiguration('chutes').inspect<string>('apiBaseUrl')?.globalValue !== undefined;
    if (userSet) return { apiBaseUrl: setting, source: 'setting' };
    const ini = await readConfigIni(cliConfigFile()).catch(() => undefined);
    const { url, source } = chutesBaseUrl(ini, process.env);
    return { apiBaseUrl: url, source };
  }
}

/** The Chutes CLI's config.ini: the setting, else CHUTES_CONFIG_PATH, else ~/.chutes/config.ini. */
export function cliConfigFile(): string {
  return chutesConfigPath(readSettings().configPath, { env: process.env });
}
