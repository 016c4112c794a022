// Completions in Python chute definitions: GPU ids in NodeSelector include/exclude lists and the
// argument names of SDK calls not used yet.

import * as vscode from 'vscode';
import type { ChuteChecks } from './checks';
import { toRange } from './convert';

export const COMPLETION_TRIGGERS = ['"', "'", '[', ',', '('];

export class ChuteCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly checks: ChuteChecks) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const items = await this.checks.completionsAt(document, { line: position.line, character: position.character });
    return items.map((item) => {
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
