import * as vscode from 'vscode';

interface Snippet {
  body: string | string[];
  description?: string;
}

/**
 * "Chutes: New Chute from Template": a Python module from one of our snippets, or a `.chute.yaml`
 * manifest, written as a new file in the workspace (an untitled editor without one) with the
 * snippet's placeholders to tab through.
 */
export async function newChuteFromTemplate(extensionUri: vscode.Uri, kind?: 'python' | 'manifest'): Promise<vscode.Uri | undefined> {
  const python = await readSnippets(extensionUri, 'python.json');
  const manifest = await readSnippets(extensionUri, 'chute-yaml.json');
  const items = [
    ...Object.entries(python).map(([name, snippet]) => ({ label: `$(symbol-class) ${name}`, detail: snippet.description, snippet, template: 'python' as const })),
    ...Object.entries(manifest).map(([name, snippet]) => ({ label: `$(file-code) ${name}`, detail: snippet.description, snippet, template: 'manifest' as const })),
  ];
  const picked = kind ? items.find((item) => item.template === kind) : await vscode.window.showQuickPick(items, { title: 'New Chute from Template', matchOnDetail: true });
  if (!picked) return undefined;
  const body = Array.isArray(picked.snippet.body) ? picked.snippet.body.join('\n') : picked.snippet.body;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  let document: vscode.TextDocument;
  if (folder) {
    const uri = await freeName(folder, picked.template === 'python' ? 'chute' : 'my-chute', picked.template === 'python' ? '.py' : '.chute.yaml');
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    document = await vscode.workspace.openTextDocument(uri);
  } else {
    document = await vscode.workspace.openTextDocument({ language: picked.template === 'python' ? 'python' : 'yaml' });
  }
  const editor = await vscode.window.showTextDocument(document);
  await editor.insertSnippet(new vscode.SnippetString(body));
  return document.uri;
}

async function readSnippets(extensionUri: vscode.Uri, file: string): Promise<Record<string, Snippet>> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'snippets', file));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, Snippet>;
}

async function freeName(folder: vscode.Uri, stem: string, extension: string): Promise<vscode.Uri> {
  for (let n = 0; ; n++) {
    const uri = vscode.Uri.joinPath(folder, `${stem}${n ? `-${n}` : ''}${extension}`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}
