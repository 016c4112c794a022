import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../extension';
import { chutesDiagnostics, closeAllEditors, describe, openCopy, quickFixes, scratchFile, waitForChecked, waitForDiagnostics } from './editorHelpers';

suite('Editor: diagnostics', () => {
  const config = () => vscode.workspace.getConfiguration('chutes');

  suiteSetup(async () => {
    await activateExtension();
  });

  teardown(async () => {
    await config().update('lint.enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('the seed guide\'s TEE example gets each problem at its exact place, with rule codes and severities', async () => {
    const { uri } = await openCopy('guide_private_model.py');
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(describe(diagnostics), [
      '0:19-0:24 error import/not-exported',
      '0:26-0:31 error import/not-exported',
      '1:39-1:48 error import/not-exported',
      '3:1-3:6 error chute/missing-argument',
      '3:1-3:6 error chute/class-decorator',
      '5:10-5:15 error image/constructor-shape',
      '11:8-11:19 warning node-selector/min-vram-alias',
      '12:8-12:19 warning node-selector/require-tee',
      '14:4-14:14 warning chute/tee-config',
    ]);
    const minVram = diagnostics.find((d) => d.code === 'node-selector/min-vram-alias')!;
    assert.equal(minVram.source, 'chutes');
    assert.match(minVram.message, /^NodeSelector has no min_vram_gb: pydantic drops it/);
  });

  test('info severity: tee=True deploys need a role, said as information', async () => {
    const uri = await scratchFile(
      'tee.py',
      'from chutes.chute import Chute, NodeSelector\n\nchute = Chute(username="me", name="private", image="chutes/vllm:nightly-2025111700",\n    node_selector=NodeSelector(min_vram_gb_per_gpu=80), tee=True)\n\n\n@chute.cord(public_api_path="/run")\nasync def run(data: dict) -> dict:\n    return data\n',
    );
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(describe(diagnostics), ['3:60-3:64 info chute/tee-restricted']);
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Information);
  });

  test('a Python file that does not import chutes is left alone', async () => {
    const { uri } = await openCopy('not_a_chute.py');
    assert.deepEqual(await waitForChecked(uri), []);
  });

  test('typing updates the diagnostics to the latest text only', async () => {
    const { uri, document } = await openCopy('miner_selector.py');
    await waitForDiagnostics(uri, (d) => d.length === 1);
    const line = document.getText().split('\n').findIndex((l) => l.includes('min_vram_gb=80'));
    // A burst of keystrokes: rename the argument one character at a time, then make the value invalid.
    for (const ch of '_per_gpu') {
      const at = document.lineAt(line).text.indexOf('=');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(line, at), ch);
      assert.ok(await vscode.workspace.applyEdit(edit));
    }
    const value = document.lineAt(line).text.indexOf('80');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(line, value, line, value + 2), '200');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.lineAt(line).text.trim(), 'min_vram_gb_per_gpu=200,');
    const diagnostics = await waitForDiagnostics(uri, (d) => d.every((x) => x.code === 'node-selector/invalid-value') && d.length > 0);
    assert.deepEqual(describe(diagnostics), [`${line}:28-${line}:31 error node-selector/invalid-value`]);
  });

  test('a manifest changed to another language mode is no longer checked', async () => {
    const { editor } = await activateExtension();
    const { uri, document } = await openCopy('llama_broken.chute.yaml');
    assert.equal(await editor.diagnostics.whenSettled(document), 'checked');
    assert.equal(chutesDiagnostics(uri).length, 8);
    const plain = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    assert.equal(plain.languageId, 'plaintext');
    // Settled: this version in plain-text mode has been handled, so nothing is pending that could
    // bring the diagnostics back (the file name alone no longer makes it a manifest).
    assert.equal(await editor.diagnostics.whenSettled(plain), 'skipped');
    assert.deepEqual(describe(chutesDiagnostics(uri)), []);
    // Back to YAML, it is checked again.
    const yaml = await vscode.languages.setTextDocumentLanguage(plain, 'yaml');
    assert.equal(await editor.diagnostics.whenSettled(yaml), 'checked');
    assert.equal(chutesDiagnostics(uri).length, 8);
  });

  test('a large chute file is checked in the worker; hovers and quick fixes use that check', async () => {
    const { editor } = await activateExtension();
    const head = 'from chutes.chute import Chute, NodeSelector\n\nns = NodeSelector(gpu_count=1, min_vram_gb=80)\n';
    const cord = (i: number): string => `\n@chute.cord(public_api_path="/c${i}")\nasync def c${i}(data: dict) -> dict:\n    return {"i": ${i}, "data": data}\n`;
    const body = Array.from({ length: 4000 }, (_, i) => cord(i)).join('');
    const text = `${head}chute = Chute(username="me", name="big", image="chutes/vllm:nightly-2025111700", node_selector=ns)\n${body}`;
    assert.ok(text.length > 256 * 1024, 'above the worker threshold');
    const uri = await scratchFile('big.py', text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(await editor.diagnostics.whenSettled(document), 'checked');
    assert.deepEqual(describe(chutesDiagnostics(uri)), ['2:31-2:42 warning node-selector/min-vram-alias']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 20));
    const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
    assert.ok(texts.some((t) => t.startsWith('**gpu_count**')), JSON.stringify(texts));
    const fixes = await quickFixes(uri, new vscode.Range(2, 31, 2, 42));
    assert.deepEqual(fixes.map((f) => f.title), ['Rename to min_vram_gb_per_gpu']);

    // Edits reach the worker's copy as changes (two in one edit here), never as the whole text.
    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, new vscode.Range(2, 31, 2, 42), 'min_vram_gb_per_gpu');
    fix.insert(uri, new vscode.Position(document.lineCount - 1, 0), '# checked in the worker\n');
    assert.ok(await vscode.workspace.applyEdit(fix));
    assert.equal(await editor.diagnostics.whenSettled(document), 'checked');
    assert.deepEqual(describe(chutesDiagnostics(uri)), []);
    const breakIt = new vscode.WorkspaceEdit();
    breakIt.replace(uri, new vscode.Range(2, 28, 2, 29), '9');
    assert.ok(await vscode.workspace.applyEdit(breakIt));
    assert.equal(await editor.diagnostics.whenSettled(document), 'checked');
    assert.deepEqual(describe(chutesDiagnostics(uri)), ['2:28-2:29 error node-selector/invalid-value']);
  });

  test('chutes.lint.enabled=false clears every chutes diagnostic, and true brings them back', async () => {
    const guide = await openCopy('guide_private_model.py');
    const manifest = await openCopy('llama_broken.chute.yaml');
    const before = await waitForDiagnostics(guide.uri, (d) => d.length === 9);
    await waitForDiagnostics(manifest.uri, (d) => d.length === 8);

    await config().update('lint.enabled', false, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(guide.uri, (d) => d.length === 0);
    await waitForDiagnostics(manifest.uri, (d) => d.length === 0);
    assert.equal(vscode.languages.getDiagnostics().flatMap(([, d]) => d).filter((d) => d.source === 'chutes').length, 0);

    await config().update('lint.enabled', true, vscode.ConfigurationTarget.Global);
    const after = await waitForDiagnostics(guide.uri, (d) => d.length === 9);
    assert.deepEqual(describe(after), describe(before));
    await waitForDiagnostics(manifest.uri, (d) => d.length === 8);
  });
});
