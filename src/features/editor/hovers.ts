// Hovers on Python chute definitions: GPU ids, what a NodeSelector selects and costs, arguments.

import * as vscode from 'vscode';
import type { ChuteChecks } from './checks';
import { toRange } from './convert';

export class ChuteHovers implements vscode.HoverProvider {
  constructor(private readonly checks: ChuteChecks) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const hover = await this.checks.hoverAt(document, { line: position.line, character: position.character });
    return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.range));
  }
}
