import * as vscode from 'vscode';
import { Disposable } from '../../shared/lifecycle';

/**
 * The Chutes tree. Until it has content the view shows its welcome text (package.json
 * viewsWelcome), which offers to connect.
 */
export class ExplorerView extends Disposable implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor() {
    super();
    this._register(vscode.window.createTreeView('chutes.explorer', { treeDataProvider: this, showCollapseAll: true }));
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }
}
