import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../extension';
import { applyQuickFix, closeAllEditors, openCopy, quickFixes, waitForDiagnostics } from './editorHelpers';

suite('Editor: quick fixes', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  teardown(closeAllEditors);

  /** Opens a copy of a fixture, applies one fix of the diagnostic with `code` and checks it is gone. */
  async function fix(fixture: string, code: string, title: string): Promise<{ original: string; fixed: string; after: vscode.Diagnostic[] }> {
    const { uri, document, original } = await openCopy(fixture);
    const diagnostics = (await waitForDiagnostics(uri, (d) => d.some((x) => x.code === code))).filter((d) => d.code === code);
    // The diagnostic that offers this fix (build_tei_chute is reported on its import and its call).
    let diagnostic = diagnostics[0]!;
    for (const d of diagnostics) if ((await quickFixes(uri, d.range)).some((a) => a.title === title)) diagnostic = d;
    const fixed = await applyQuickFix(document, diagnostic.range, title);
    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => x.code === code));
    return { original, fixed, after };
  }

  test('min_vram_gb becomes min_vram_gb_per_gpu', async () => {
    const { original, fixed } = await fix('guide_private_model.py', 'node-selector/min-vram-alias', 'Rename to min_vram_gb_per_gpu');
    assert.equal(fixed, original.replace('        min_vram_gb=80,\n', '        min_vram_gb_per_gpu=80,\n'));
  });

  test('require_tee is removed with its line and the chute gets tee=True', async () => {
    const { original, fixed } = await fix('guide_private_model.py', 'node-selector/require-tee', 'Remove require_tee and set tee=True on the chute');
    const expected = original
      .replace('        require_tee=True  # Require TEE-capable node\n', '')
      .replace('        encrypt_model_weights=True\n    )\n)\n', '        encrypt_model_weights=True\n    ),\n    tee=True\n)\n');
    assert.notEqual(expected, original);
    assert.equal(fixed, expected);
  });

  test('tee_config=TEEConfig(enabled=True, ...) becomes tee=True', async () => {
    const { original, fixed } = await fix('guide_private_model.py', 'chute/tee-config', 'Replace tee_config with tee=True');
    const expected = original.replace(/tee_config=TEEConfig\(\n(?:.*\n){3} {4}\)/, 'tee=True');
    assert.notEqual(expected, original);
    assert.equal(fixed, expected);
  });

  test('build_tei_chute and its import become build_embedding_chute', async () => {
    const { original, fixed, after } = await fix('embeddings_tei.py', 'template/tei-removed', 'Use build_embedding_chute from chutes.chute.template.embedding');
    assert.equal(
      fixed,
      original
        .replace('from chutes.chute.template.tei import build_tei_chute', 'from chutes.chute.template.embedding import build_embedding_chute')
        .replace('embeddings = build_tei_chute(', 'embeddings = build_embedding_chute('),
    );
    assert.deepEqual(after, []);
  });

  test('an unknown GPU id becomes the closest real id, keeping its quotes', async () => {
    const { original, fixed, after } = await fix('gpu_ids.py', 'node-selector/unknown-gpu', 'Replace with h100');
    assert.equal(fixed, original.replace('"h100-80gb"', '"h100"'));
    assert.deepEqual(after, []);
  });

  test('fixes are offered as preferred quick fixes only where the problem is', async () => {
    const { uri } = await openCopy('miner_selector.py');
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1);
    const [action, ...others] = await quickFixes(uri, diagnostic!.range);
    assert.equal(others.length, 0);
    assert.equal(action!.title, 'Rename to min_vram_gb_per_gpu');
    assert.equal(action!.isPreferred, true);
    assert.deepEqual(await quickFixes(uri, new vscode.Range(0, 0, 0, 5)), []);
  });

  test('a manifest gets its fixes too (YAML documents matched by file name)', async () => {
    const { original, fixed } = await fix('llama_broken.chute.yaml', 'node-selector/min-vram-alias', 'Rename to min_vram_gb_per_gpu');
    assert.equal(fixed, original.replace('  min_vram_gb: 24\n', '  min_vram_gb_per_gpu: 24\n'));
  });

  test('a fix is computed from the current text, not from diagnostics published before an edit', async () => {
    const { uri, document, original } = await openCopy('miner_selector.py');
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1);
    // Shift everything down a line; ask for fixes at once, before the diagnostics follow.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# moved\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const moved = diagnostic!.range.with(diagnostic!.range.start.translate(1), diagnostic!.range.end.translate(1));
    const [action] = await quickFixes(uri, moved);
    assert.ok(action?.edit && (await vscode.workspace.applyEdit(action.edit)));
    assert.equal(document.getText(), `# moved\n${original.replace('min_vram_gb=80', 'min_vram_gb_per_gpu=80')}`);
  });
});
