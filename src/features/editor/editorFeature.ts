// Editor intelligence for chute definitions: diagnostics, quick fixes, hovers, completions and
// Generate Python. Registration only; the engine loads on first use, the check worker on the first
// large document.

import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import { ChuteChecks } from './checks';
import { MANIFEST_SELECTOR, PYTHON_SELECTOR } from './chuteDocuments';
import { ChuteCompletions, COMPLETION_TRIGGERS } from './completions';
import { ChuteDiagnostics } from './diagnostics';
import { ChuteHovers } from './hovers';
import { ChuteQuickFixes } from './quickFixes';

export class EditorFeature extends Disposable {
  readonly diagnostics: ChuteDiagnostics;

  /** `workerScript`: the path of dist/lint-worker.js, from the extension's path. */
  constructor(workerScript: string) {
    super();
    const checks = this._register(new ChuteChecks(workerScript));
    this.diagnostics = this._register(new ChuteDiagnostics(checks));
    const definitions = [...PYTHON_SELECTOR, ...MANIFEST_SELECTOR];
    this._register(vscode.languages.registerCodeActionsProvider(definitions, new ChuteQuickFixes(checks), ChuteQuickFixes.metadata));
    this._register(vscode.languages.registerHoverProvider(PYTHON_SELECTOR, new ChuteHovers(checks)));
    this._register(vscode.languages.registerCompletionItemProvider(PYTHON_SELECTOR, new ChuteCompletions(checks), ...COMPLETION_TRIGGERS));
    this._register(vscode.commands.registerCommand('chutes.generatePython', async (target?: unknown) => (await import('./generatePython')).generatePython(target)));
  }
}
