// Engine results (LSP-shaped, 0-based UTF-16 positions) as VS Code objects.

import * as vscode from 'vscode';
import type { Diagnostic, Range, Severity, TextEdit } from '../../core/lint';

export const DIAGNOSTIC_SOURCE = 'chutes';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange({ start, end }: Range): vscode.Range {
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** The rule id is the code: there are no rule pages to link to. */
export function toDiagnostic(diagnostic: Diagnostic): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toRange(diagnostic.range), diagnostic.message, SEVERITY[diagnostic.severity]);
  result.source = DIAGNOSTIC_SOURCE;
  result.code = diagnostic.rule;
  return result;
}

/** Whether a diagnostic shown in the editor is the one the engine reports now. */
export function isSameDiagnostic(shown: vscode.Diagnostic, diagnostic: Diagnostic): boolean {
  return shown.source === DIAGNOSTIC_SOURCE && shown.code === diagnostic.rule && shown.range.isEqual(toRange(diagnostic.range));
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const result = new vscode.WorkspaceEdit();
  result.set(uri, edits.map((e) => vscode.TextEdit.replace(toRange(e.range), e.newText)));
  return result;
}
