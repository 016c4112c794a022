// Editor intelligence for chute definitions: diagnostics, quick fixes, hovers, completions and
// Generate Python. Registration only; the engine loads on first use.

import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';
import { MANIFEST_SELECTOR, PYTHON_SELECTOR } from './chuteDocuments';
import { ChuteCompletions, COMPLETION_TRIGGERS } from './completions';
import { ChuteDiagnostics } from './diagnostics';
import { GENERATE_PYTHON_COMMAND, generatePython } from './generatePython';
import { ChuteHovers } from './hovers';
import { ChuteQuickFixes } from './quickFixes';

export class EditorFeature extends Disposable {
  constructor() {
    super();
    this._register(new ChuteDiagnostics());
    const definitions = [...PYTHON_SELECTOR, ...MANIFEST_SELECTOR];
    this._register(vscode.languages.registerCodeActionsProvider(definitions, new ChuteQuickFixes(), ChuteQuickFixes.metadata));
    this._register(vscode.languages.registerHoverProvider(PYTHON_SELECTOR, new ChuteHovers()));
    this._register(vscode.languages.registerCompletionItemProvider(PYTHON_SELECTOR, new ChuteCompletions(), ...COMPLETION_TRIGGERS));
    this._register(vscode.commands.registerCommand(GENERATE_PYTHON_COMMAND, generatePython));
  }
}
