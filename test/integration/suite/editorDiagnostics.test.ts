import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../extension';
import { chutesDiagnostics, closeAllEditors, describe, openCopy, scratchFile, waitForChecked, waitForDiagnostics } from './editorHelpers';

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
      'from chutes.chute import Chute, NodeSelector\n\nchute = Chute(username="me", name="private", image="chutes/vllm:nightly-2025111700",\n    node_selector=NodeSelector(min_vram_gb_per_gpu=80), tee=True)\n',
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
    const { uri, document } = await openCopy('llama_broken.chute.yaml');
    await waitForDiagnostics(uri, (d) => d.length > 0);
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await waitForDiagnostics(uri, (d) => d.length === 0);
    assert.equal(chutesDiagnostics(uri).length, 0);
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
