// Completions in Python chute definitions: GPU ids in NodeSelector include/exclude lists and the
// argument names of SDK calls not used yet.

import * as vscode from 'vscode';
import { mentionsChutes } from './chuteDocuments';
import { toRange } from './convert';
import { loadEngine } from './engine';

export const COMPLETION_TRIGGERS = ['"', "'", '[', ',', '('];

export class ChuteCompletions implements vscode.CompletionItemProvider {
  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const text = document.getText();
    if (!mentionsChutes(text)) return [];
    const { completionsAt } = await loadEngine();
    return completionsAt(text, { line: position.line, character: position.character }).map((item) => {
      const kind = item.kind === 'gpu' ? vscode.CompletionItemKind.Value : vscode.CompletionItemKind.Property;
      const result = new vscode.CompletionItem(item.label, kind);
      result.detail = item.detail;
      result.documentation = new vscode.MarkdownString(item.documentation);
      result.insertText = item.insertText;
      result.range = toRange(item.range);
      result.sortText = item.sortText;
      return result;
    });
  }
}
