// Chutes: Generate Python from Manifest. Writes `<module>.py` next to a *.chute.yaml/json so that
// `chutes deploy <module>:chute` can deploy it. Writing a file is harmless in an untrusted
// workspace; deploying (which imports workspace Python) is not, and the message says so.

import * as vscode from 'vscode';
import { manifestKindOf } from '../../core/manifest/types';
import { log } from '../../shared/log';
import { loadEngine } from './engine';
import { moduleNameFor } from './moduleName';

const MANIFEST_GLOB = '**/*.chute.{yaml,yml,json}';

/** Returns the written module, or undefined when nothing was written. */
export async function generatePython(target?: unknown): Promise<vscode.Uri | undefined> {
  const uri = target instanceof vscode.Uri ? target : await chooseManifest();
  if (!uri) return undefined;
  const kind = manifestKindOf(uri.path);
  if (!kind) {
    void vscode.window.showWarningMessage(`${baseName(uri)} is not a chute manifest: name it *.chute.yaml or *.chute.json.`);
    return undefined;
  }
  // The open document, unsaved changes included.
  const document = await vscode.workspace.openTextDocument(uri);
  const engine = await loadEngine();
  const { manifest, diagnostics } = await engine.parseManifest(document.getText(), kind);
  if (!manifest) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const where = first ? ` Line ${first.range.start.line + 1}: ${first.message}` : '';
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showErrorMessage(`${baseName(uri)} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix them, then generate again.${where}`);
    return undefined;
  }

  // moduleNameFor gives `[a-z][a-z0-9_]*`: the output stays in the manifest's folder.
  const module = moduleNameFor(baseName(uri));
  const output = vscode.Uri.joinPath(uri, '..', `${module}.py`);
  const existing = await statOf(output);
  if (existing && existing.type & vscode.FileType.SymbolicLink) {
    // A repository can ship `<module>.py` as a link to a file elsewhere (~/.bashrc): never write through it.
    void vscode.window.showErrorMessage(`${baseName(output)} is a symbolic link; Chutes does not write through links. Remove it, then generate again.`);
    return undefined;
  }
  if (existing && !(await confirmOverwrite(output))) return undefined;
  await vscode.workspace.fs.writeFile(output, new TextEncoder().encode(engine.generatePython(manifest, { sourceName: baseName(uri) })));
  log.info(`Generated ${output.fsPath} from ${uri.fsPath}.`);
  await vscode.window.showTextDocument(output, { preview: false });
  void announce(module, engine.CHUTE_VARIABLE);
  return output;
}

async function announce(module: string, variable: string): Promise<void> {
  const deploy = `chutes deploy ${module}:${variable}`;
  const how = vscode.workspace.isTrusted
    ? `Deploy it from its folder with \`${deploy}\`.`
    : `Deploying imports workspace Python: trust this workspace, then run \`${deploy}\` from its folder.`;
  const choice = await vscode.window.showInformationMessage(`Generated ${module}.py. ${how}`, 'Copy Deploy Command');
  if (choice) await vscode.env.clipboard.writeText(deploy);
}

/** The active manifest, else the only one in the workspace, else the user's pick. */
async function chooseManifest(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && manifestKindOf(active.path)) return active;
  const found = await vscode.workspace.findFiles(MANIFEST_GLOB, '**/node_modules/**', 200);
  if (found.length <= 1) {
    if (!found.length) void vscode.window.showInformationMessage('No chute manifest (*.chute.yaml, *.chute.yml, *.chute.json) in this workspace.');
    return found[0];
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: baseName(uri), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Generate Python from Manifest', placeHolder: 'Choose a chute manifest' },
  );
  return picked?.uri;
}

async function confirmOverwrite(output: vscode.Uri): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `${baseName(output)} already exists. Replace it with the module generated from the manifest?`,
    { modal: true },
    'Replace',
  );
  return choice === 'Replace';
}

async function statOf(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
