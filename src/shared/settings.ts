import * as vscode from 'vscode';

/** Every setting the extension reads, with its type. Keys are checked against package.json by a test. */
export interface Settings {
  apiBaseUrl: string;
  platformDomain: string;
  connectTo: string;
  requestTimeoutSeconds: number;
  configPath: string;
  'lint.enabled': boolean;
  'attestation.pccsUrl': string;
  'attestation.maxAgeMinutes': number;
  'attestation.pythonPath': string;
  cliPath: string;
  'codeLens.enabled': boolean;
  'runLocally.port': number;
  'explorer.refreshIntervalSeconds': number;
}

export const settingKeys: ReadonlyArray<keyof Settings> = [
  'apiBaseUrl',
  'platformDomain',
  'connectTo',
  'requestTimeoutSeconds',
  'configPath',
  'lint.enabled',
  'attestation.pccsUrl',
  'attestation.maxAgeMinutes',
  'attestation.pythonPath',
  'cliPath',
  'codeLens.enabled',
  'runLocally.port',
  'explorer.refreshIntervalSeconds',
];

/**
 * The settings that say where credentials go. Only the user's own value counts: they are
 * application-scoped and restricted in untrusted workspaces, and read here from user settings only,
 * so a cloned repository's .vscode/settings.json cannot point them elsewhere (docs/trust.md).
 */
export const endpointSettingKeys = ['apiBaseUrl', 'platformDomain', 'connectTo'] as const;

/** A setting's value from user settings, else its default. */
export function userSetting<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration('chutes').inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('chutes');
  return {
    apiBaseUrl: userSetting('apiBaseUrl', 'https://api.chutes.ai').trim(),
    platformDomain: userSetting('platformDomain', 'chutes.ai').trim(),
    connectTo: userSetting('connectTo', '').trim(),
    requestTimeoutSeconds: config.get<number>('requestTimeoutSeconds', 30),
    configPath: config.get<string>('configPath', '').trim(),
    'lint.enabled': config.get<boolean>('lint.enabled', true),
    'attestation.pccsUrl': config.get<string>('attestation.pccsUrl', 'https://api.trustedservices.intel.com').trim(),
    'attestation.maxAgeMinutes': config.get<number>('attestation.maxAgeMinutes', 60),
    'attestation.pythonPath': config.get<string>('attestation.pythonPath', '').trim(),
    cliPath: config.get<string>('cliPath', '').trim(),
    'codeLens.enabled': config.get<boolean>('codeLens.enabled', true),
    'runLocally.port': config.get<number>('runLocally.port', 0),
    'explorer.refreshIntervalSeconds': config.get<number>('explorer.refreshIntervalSeconds', 60),
  };
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('chutes')) listener();
  });
}
