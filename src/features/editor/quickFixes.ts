// Quick fixes: the engine's fixes for the diagnostics under the cursor, from the check of the
// document's current version (shared with the diagnostics, never re-run per request), so an edit
// made since can never be applied to moved ranges.

import * as vscode from 'vscode';
import type { Diagnostic, Fix } from '../../core/lint';
import { pushTo } from '../../core/python/collections';
import type { ChuteChecks } from './checks';
import { chuteDocumentKind, lintEnabled } from './chuteDocuments';
import { isSameDiagnostic, toDiagnostic, toRange, toWorkspaceEdit } from './convert';

export class ChuteQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly checks: ChuteChecks) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const kind = chuteDocumentKind(document);
    if (!kind || !lintEnabled()) return [];
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const { version } = document;
    const diagnostics = await this.checks.diagnosticsFor(document, kind);
    if (token.isCancellationRequested || document.version !== version) return [];

    // Several diagnostics can share one fix (all broken names of one import statement).
    const fixes = new Map<Fix, vscode.Diagnostic[]>();
    for (const diagnostic of diagnostics) {
      if (!diagnostic.fixes || !toRange(diagnostic.range).intersection(range)) continue;
      const shown = shownDiagnostic(context, diagnostic);
      for (const fix of diagnostic.fixes) pushTo(fixes, fix, shown);
    }
    return [...fixes].map(([fix, attached]) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document.uri, fix.edits);
      action.diagnostics = attached;
      action.isPreferred = fix.preferred === true;
      return action;
    });
  }
}

/** The editor's own diagnostic object when it is showing this one, so the lightbulb links them. */
function shownDiagnostic(context: vscode.CodeActionContext, diagnostic: Diagnostic): vscode.Diagnostic {
  return context.diagnostics.find((shown) => isSameDiagnostic(shown, diagnostic)) ?? toDiagnostic(diagnostic);
}
