// Which chute a Build/Deploy/Run command acts on: the CodeLens passes (file, variable), the file
// explorer a Python file, the palette nothing (a QuickPick of the workspace's definitions).
import * as vscode from 'vscode';
import { chuteRefFor } from '../../core/cli/chuteRef';
import type { ChuteDefinition } from '../../core/cli/definitions';

export interface ChuteTarget {
  uri: vscode.Uri;
  definition: ChuteDefinition;
  /** `module:variable`, validated. */
  ref: string;
  /** The file's folder, where the CLI runs (it imports `<module>.py` from its working directory). */
  cwd: string;
}

/** Folders never searched for chute definitions. */
const EXCLUDE = '**/{node_modules,.git,.venv,venv,env,.env,__pycache__,site-packages,.tox,build,dist}/**';
const MAX_FILES = 2000;

async function definitionsIn(text: string): Promise<ChuteDefinition[]> {
  const { findChuteDefinitions } = await import('../../core/lint');
  return findChuteDefinitions(text);
}

/** An open editor's text (unsaved changes included), else the file's, without opening a document for it. */
async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Resolves the command argument to one chute, asking when there is a choice; undefined when the user backs out. */
export async function resolveTarget(arg: unknown, variable?: unknown): Promise<ChuteTarget | undefined> {
  const { uri, name } = parseArgs(arg, variable);
  if (uri) {
    const found = await definitionsIn(await textOf(uri));
    const chosen = name ? found.filter((d) => d.variable === name) : found;
    if (!chosen.length) {
      const what = name ? `no module-level chute named ${name}` : 'no module-level chute = Chute(...) or build_*_chute(...) definition';
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} has ${what}.`);
      return undefined;
    }
    const definition = chosen.length === 1 ? chosen[0] : (await pick(chosen.map((d) => ({ uri, definition: d }))))?.definition;
    return definition && toTarget(uri, definition);
  }
  const all: { uri: vscode.Uri; definition: ChuteDefinition }[] = [];
  for (const file of await vscode.workspace.findFiles('**/*.py', EXCLUDE, MAX_FILES)) {
    for (const definition of await definitionsIn(await textOf(file))) all.push({ uri: file, definition });
  }
  if (!all.length) {
    void vscode.window.showWarningMessage('No chute definitions in this workspace: a Python file with a module-level `chute = Chute(...)` or `build_*_chute(...)`.');
    return undefined;
  }
  const picked = await pick(all);
  return picked && toTarget(picked.uri, picked.definition);
}

async function toTarget(uri: vscode.Uri, definition: ChuteDefinition): Promise<ChuteTarget> {
  const ref = chuteRefFor(uri.fsPath, definition.variable);
  // The CLI reads the file from disk: unsaved changes are saved first.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  return { uri, definition, ref, cwd: vscode.Uri.joinPath(uri, '..').fsPath };
}

async function pick(items: { uri: vscode.Uri; definition: ChuteDefinition }[]) {
  const chosen = await vscode.window.showQuickPick(
    items.map((item) => ({
      label: item.definition.name ?? item.definition.variable,
      description: `${item.definition.variable} = ${item.definition.builder}(...)`,
      detail: `${vscode.workspace.asRelativePath(item.uri)}:${item.definition.line + 1}`,
      item,
    })),
    { title: 'Chutes: choose a chute', matchOnDescription: true, matchOnDetail: true },
  );
  return chosen?.item;
}

function parseArgs(arg: unknown, variable: unknown): { uri?: vscode.Uri; name?: string } {
  const asUri = (value: unknown) => (value instanceof vscode.Uri ? value : typeof value === 'string' ? vscode.Uri.file(value) : undefined);
  if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && 'uri' in arg) {
    const record = arg as { uri: unknown; variable?: unknown };
    return { uri: asUri(record.uri), name: typeof record.variable === 'string' ? record.variable : undefined };
  }
  return { uri: asUri(arg), name: typeof variable === 'string' ? variable : undefined };
}
