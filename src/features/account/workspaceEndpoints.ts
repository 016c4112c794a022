import * as vscode from 'vscode';
import { log } from '../../shared/log';
import { endpointSettingKeys } from '../../shared/settings';

let reported = false;

/**
 * The endpoint settings (chutes.apiBaseUrl, …) that the open workspace tries to set. They are
 * ignored (settings.ts reads user settings only); the Chutes log says so once per session. VS Code
 * drops such values before `inspect` could show them, so the workspace's settings files are read.
 */
export async function reportIgnoredWorkspaceEndpoints(): Promise<string[]> {
  const files = (vscode.workspace.workspaceFolders ?? []).map((folder) => vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile?.scheme === 'file') files.push(workspaceFile);
  const found = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      continue; // no settings file: nothing to ignore
    }
    for (const key of endpointSettingKeys) {
      if (new RegExp(`"chutes\\.${key}"\\s*:`).test(text)) found.add(`chutes.${key}`);
    }
  }
  const keys = [...found];
  if (keys.length && !reported) {
    reported = true;
    log.warn(`Ignored ${keys.join(', ')} from the workspace settings: where your credentials go is read from your user settings only.`);
  }
  return keys;
}
