import * as vscode from 'vscode';

/** Every setting the extension reads, with its type. Keys are checked against package.json by a test. */
export interface Settings {
  apiBaseUrl: string;
  platformDomain: string;
  connectTo: string;
  requestTimeoutSeconds: number;
  configPath: string;
  'lint.enabled': boolean;
  'explorer.refreshIntervalSeconds': number;
}

export const settingKeys: ReadonlyArray<keyof Settings> = [
  'apiBaseUrl',
  'platformDomain',
  'connectTo',
  'requestTimeoutSeconds',
  'configPath',
  'lint.enabled',
  'explorer.refreshIntervalSeconds',
];

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('chutes');
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl', 'https://api.chutes.ai').trim(),
    platformDomain: config.get<string>('platformDomain', 'chutes.ai').trim(),
    connectTo: config.get<string>('connectTo', '').trim(),
    requestTimeoutSeconds: config.get<number>('requestTimeoutSeconds', 30),
    configPath: config.get<string>('configPath', '').trim(),
    'lint.enabled': config.get<boolean>('lint.enabled', true),
    'explorer.refreshIntervalSeconds': config.get<number>('explorer.refreshIntervalSeconds', 60),
  };
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('chutes')) listener();
  });
}
