// Runs inside the real extension host (loaded as extensionTestsPath by bench/extensionHost.ts):
// the longest main-thread stall while a 5 MB chute file is re-checked after an edit, beside the
// stall of the same edit to a same-size document that is not checked (the baseline).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ChutesExtensionApi } from '../../src/extension';
import { chuteModule } from '../lint';

const TARGET_BYTES = 5 * 1024 * 1024;

async function longestStall(during: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    await during();
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

async function appendLine(document: vscode.TextDocument, line: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, document.positionAt(document.getText().length), line);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`the edit of ${document.uri.path} was refused`);
}

export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<ChutesExtensionApi>('chutes-community.chutes-vscode')!.activate();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  let text = chuteModule(2_000);
  const lines = Math.ceil((TARGET_BYTES / text.length) * 2_000);
  text = chuteModule(lines);
  const chuteUri = vscode.Uri.joinPath(folder, 'bench_big_chute.py');
  const plainUri = vscode.Uri.joinPath(folder, 'bench_big_chute.txt');
  for (const uri of [chuteUri, plainUri]) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

  const chute = await vscode.workspace.openTextDocument(chuteUri);
  await vscode.window.showTextDocument(chute);
  if ((await api.editor.diagnostics.whenSettled(chute)) !== 'checked') throw new Error('the chute file was not checked');
  const plain = await vscode.workspace.openTextDocument(plainUri);
  await vscode.window.showTextDocument(plain);

  const rounds: Array<{ chute: number; baseline: number; checkMs: number }> = [];
  for (let round = 0; round < 3; round++) {
    const baseline = await longestStall(async () => {
      await appendLine(plain, `# edit ${round}\n`);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    });
    await vscode.window.showTextDocument(chute);
    const start = performance.now();
    const stall = await longestStall(async () => {
      await appendLine(chute, `# edit ${round}\n`);
      if ((await api.editor.diagnostics.whenSettled(chute)) !== 'checked') throw new Error('the edited chute file was not checked');
    });
    rounds.push({ chute: stall, baseline, checkMs: performance.now() - start });
  }
  const worst = rounds.reduce((a, b) => (b.chute > a.chute ? b : a));
  console.log(
    `CHUTES_BENCH ${JSON.stringify({ bytes: text.length, lines, chuteStallMs: worst.chute, baselineStallMs: Math.max(...rounds.map((r) => r.baseline)), checkMs: worst.checkMs, rounds })}`,
  );
}
