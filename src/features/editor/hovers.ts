// Hovers on Python chute definitions: GPU ids, what a NodeSelector selects and costs, arguments.

import * as vscode from 'vscode';
import { mentionsChutes } from './chuteDocuments';
import { toRange } from './convert';
import { loadEngine } from './engine';

export class ChuteHovers implements vscode.HoverProvider {
  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const text = document.getText();
    if (!mentionsChutes(text)) return undefined;
    const { hoverAt } = await loadEngine();
    const hover = hoverAt(text, { line: position.line, character: position.character });
    return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.range));
  }
}
