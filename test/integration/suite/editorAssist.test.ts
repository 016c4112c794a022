import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../extension';
import { closeAllEditors, openCopy, scratchFile } from './editorHelpers';

/** Hover contents as markdown text (MarkdownString or MarkedString, compared by shape). */
function hoverTexts(hovers: vscode.Hover[]): string[] {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

function positionOf(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} not in the document`);
  return document.positionAt(index + offset);
}

async function completions(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
  return list.items;
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** The replace range of a completion item, whichever form it came back in. */
function replaceRange(item: vscode.CompletionItem): vscode.Range | undefined {
  const range = item.range;
  return range && 'replacing' in range ? range.replacing : range;
}

suite('Editor: hovers and completions', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  teardown(closeAllEditors);

  test('hover on a GPU id gives its VRAM and price; on NodeSelector what it selects', async () => {
    const { uri, document } = await openCopy('gpu_ids.py');
    const gpu = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, "'3090'", 2));
    assert.ok(hoverTexts(gpu).includes('**3090**: 24 GB VRAM, $0.25/h per GPU (compute multiplier 0.0556).'), JSON.stringify(hoverTexts(gpu)));
    const ours = gpu.find((h) => hoverTexts([h]).some((t) => t.startsWith('**3090**')))!;
    const start = positionOf(document, "'3090'");
    assert.ok(ours.range?.isEqual(new vscode.Range(start, start.translate(0, 6))), 'the hover covers the quoted id');

    const typo = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, 'h100-80gb', 1));
    assert.ok(hoverTexts(typo).some((t) => t.includes('is not a GPU id of the platform. Did you mean `h100`?')), JSON.stringify(hoverTexts(typo)));

    const selector = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, 'NodeSelector(', 3));
    assert.ok(hoverTexts(selector).some((t) => /The server would select \d+ GPU types?/.test(t)), JSON.stringify(hoverTexts(selector)));
  });

  test('hover on an argument explains it with its default and limits', async () => {
    const { uri, document } = await openCopy('miner_selector.py');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, 'gpu_count', 2));
    assert.ok(hoverTexts(hovers).some((t) => t.startsWith('**gpu_count**: `integer` = `1`')), JSON.stringify(hoverTexts(hovers)));
  });

  test('no chutes hover in a file that does not import chutes', async () => {
    const { uri, document } = await openCopy('not_a_chute.py');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, 'min_vram_gb', 2));
    assert.ok(!hoverTexts(hovers).some((t) => t.includes('min_vram_gb')), JSON.stringify(hoverTexts(hovers)));
  });

  test('GPU ids complete inside an include list, with VRAM and price, skipping ids already listed', async () => {
    const text = 'from chutes.chute import NodeSelector\nns = NodeSelector(gpu_count=1, include=["a10", "h1';
    const uri = await scratchFile('typing.py', text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const items = await completions(uri, document.positionAt(text.length), '"');
    const h100 = items.find((i) => label(i) === 'h100');
    assert.ok(h100, `no h100 among ${items.map(label).join(', ')}`);
    assert.equal(h100.kind, vscode.CompletionItemKind.Value);
    assert.equal(h100.detail, '80 GB · $1.79/h');
    assert.equal(h100.insertText, 'h100');
    assert.ok(replaceRange(h100)?.isEqual(new vscode.Range(1, 48, 1, 50)));
    const documentation = h100.documentation;
    assert.match(typeof documentation === 'string' ? documentation : (documentation?.value ?? ''), /\*\*h100\*\*: 80 GB VRAM/);
    assert.ok(!items.some((i) => label(i) === 'a10' && i.kind === vscode.CompletionItemKind.Value), 'a10 is already in the list');
  });

  test('argument names complete in SDK calls, in signature order, without the ones already given', async () => {
    const text = 'from chutes.chute import NodeSelector\nns = NodeSelector(gpu_count=1, mi';
    const uri = await scratchFile('typing.py', text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const items = (await completions(uri, document.positionAt(text.length))).filter((i) => i.kind === vscode.CompletionItemKind.Property);
    const names = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map(label);
    assert.deepEqual(names, ['min_vram_gb_per_gpu', 'max_hourly_price_per_gpu', 'include', 'exclude']);
    const first = items.find((i) => label(i) === 'min_vram_gb_per_gpu')!;
    assert.equal(first.insertText, 'min_vram_gb_per_gpu=');
    assert.equal(first.detail, 'integer = 16');
    assert.ok(replaceRange(first)?.isEqual(new vscode.Range(1, 31, 1, 33)));
  });
});
