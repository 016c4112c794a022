import * as vscode from 'vscode';
import type { ChuteSort } from '../../core/explorer/chuteView';

const FILTER = 'chutes.explorer.filter';
const SORT = 'chutes.explorer.sort';
const DISABLED = 'chutes.explorer.disabledChutes';

/**
 * What the explorer remembers: the name filter and sort per workspace (workspaceState), and which
 * chutes this extension disabled (globalState: the server's ChuteResponse does not say, docs/explorer.md).
 */
export class ExplorerState {
  constructor(private readonly context: vscode.ExtensionContext) {}

  get filter(): string {
    return this.context.workspaceState.get<string>(FILTER, '');
  }

  async setFilter(value: string): Promise<void> {
    await this.context.workspaceState.update(FILTER, value.trim() || undefined);
    await vscode.commands.executeCommand('setContext', 'chutes.explorer.filtered', !!value.trim());
  }

  get sort(): ChuteSort {
    const value = this.context.workspaceState.get<string>(SORT);
    return value === 'name' || value === 'updated' ? value : 'invocations';
  }

  async setSort(value: ChuteSort): Promise<void> {
    await this.context.workspaceState.update(SORT, value === 'invocations' ? undefined : value);
  }

  get disabled(): ReadonlySet<string> {
    return new Set(this.context.globalState.get<string[]>(DISABLED, []));
  }

  async markDisabled(chuteId: string, disabled: boolean): Promise<void> {
    const ids = new Set(this.disabled);
    if (disabled) ids.add(chuteId);
    else ids.delete(chuteId);
    await this.context.globalState.update(DISABLED, ids.size ? [...ids] : undefined);
  }
}
