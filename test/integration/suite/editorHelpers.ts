// Helpers shared by the editor suites: scratch copies of workspace fixtures and waiting for
// diagnostics through onDidChangeDiagnostics (never fixed sleeps).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

let counter = 0;

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with the fixture workspace open');
  return folder.uri;
}

/** Writes `text` to a new file under scratch/ in the workspace; the name keeps `fileName`'s ending. */
export async function scratchFile(fileName: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), 'scratch', `${++counter}-${fileName}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function fixtureText(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), 'chutes', name)));
}

/** A scratch copy of test/fixtures/workspace/chutes/<name>, open in an editor. */
export async function openCopy(name: string): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; original: string }> {
  const original = await fixtureText(name);
  const uri = await scratchFile(name, original);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return { uri, document, original };
}

export function chutesDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'chutes');
}

/** Whether any diagnostic collection has published for `uri` (an empty list counts: it was checked). */
function published(uri: vscode.Uri): boolean {
  return vscode.languages.getDiagnostics().some(([u]) => u.toString() === uri.toString());
}

/**
 * Resolves with the chutes diagnostics of `uri` once `accept` holds for them, checking after each
 * change of diagnostics; fails after `timeoutMs` showing what was last seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return waitUntil(uri, accept, false, timeoutMs);
}

/** Resolves once the document has been checked (diagnostics published for it, possibly none). */
export function waitForChecked(uri: vscode.Uri, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return waitUntil(uri, () => true, true, timeoutMs);
}

function waitUntil(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  mustBePublished: boolean,
  timeoutMs: number,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = chutesDiagnostics(uri);
      if ((mustBePublished && !published(uri)) || !accept(diagnostics)) return false;
      cleanup();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`diagnostics of ${uri.path} did not settle; last seen: ${JSON.stringify(describe(chutesDiagnostics(uri)))}`));
    }, timeoutMs);
    const cleanup = () => {
      subscription.dispose();
      clearTimeout(timer);
    };
    check();
  });
}

/** Diagnostics as comparable rows: `line:col-line:col severity code` (0-based, like the API). */
export function describe(diagnostics: readonly vscode.Diagnostic[]): string[] {
  const severity = ['error', 'warning', 'info', 'hint'];
  return diagnostics.map(({ range: r, severity: s, code }) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${severity[s]} ${String(code)}`);
}

/** The quick fixes offered for a range, as the lightbulb would ask for them. */
export async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  // Shapes, not instanceof: this bundle has its own copies of the extension's classes.
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a && a.kind?.value === 'quickfix');
}

/** Applies the quick fix titled `title` offered at `range` and returns the document's new text. */
export async function applyQuickFix(document: vscode.TextDocument, range: vscode.Range, title: string): Promise<string> {
  const actions = await quickFixes(document.uri, range);
  // (vscode.executeCodeActionProvider does not return an action's diagnostics, so they are not checked here.)
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no quick fix "${title}"; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit applies');
  return document.getText();
}

/** Closes every editor without a save prompt (scratch files are saved first). */
export async function closeAllEditors(): Promise<void> {
  await vscode.workspace.saveAll(false);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
