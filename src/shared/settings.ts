import * as vscode from 'vscode';

/** Every setting the extension reads, with its type. Keys are checked against package.json by a test. */
export interface Settings {
  apiBaseUrl: string;
  platformDomain: string;
  connectTo: string;
  requestTimeoutSeconds: number;
  configPath: string;
  'lint.enabled': boolean;
  cliPath: string;
  'codeLens.enabled': boolean;
  'runLocally.port': number;
}

export const settingKeys: ReadonlyArray<keyof Settings> = [
  'apiBaseUrl',
  'platformDomain',
  'connectTo',
  'requestTimeoutSeconds',
  'configPath',
  'lint.enabled',
  'cliPath',
  'codeLens.enabled',
  'runLocally.port',
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
    cliPath: config.get<string>('cliPath', '').trim(),
    'codeLens.enabled': config.get<boolean>('codeLens.enabled', true),
    'runLocally.port': config.get<number>('runLocally.port', 0),
  };
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('chutes')) listener();
  });
}
