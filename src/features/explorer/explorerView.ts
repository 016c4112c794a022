import * as vscode from 'vscode';
import type { ChuteSort } from '../../core/explorer/chuteView';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import type { AccountStatus } from '../account/accountStatus';
import type { Connection } from '../account/connection';
import { AutoRefresh } from './autoRefresh';
import { ChutesTree } from './chutesTree';
import type { CommandHandler } from './explorerCommands';
import { ExplorerState } from './explorerState';
import { ApiKeysTree, ImagesTree } from './listTrees';
import { LogStreams } from './logStreams';
import type { PagedTree } from './pagedTree';
import { ReadOnlyDocuments } from './readOnlyDocuments';

/**
 * The Chutes container: the user's chutes, public chutes, images and API keys. Each view loads when
 * it first shows, refreshes on demand, after actions (only what changed) and on a timer while
 * visible. Context keys (docs/explorer.md): `chutes.signedIn`, `chutes.noChutes`, `chutes.hasChutes`,
 * `chutes.explorer.filtered`.
 */
export class ExplorerView extends Disposable {
  readonly state: ExplorerState;
  readonly chutes: ChutesTree;
  readonly publicChutes: ChutesTree;
  readonly images: ImagesTree;
  readonly apiKeys: ApiKeysTree;
  /** Chute source (`chutes-source:`) and streamed logs (`chutes-logs:`), read-only. */
  readonly sources: ReadOnlyDocuments;
  readonly logs: ReadOnlyDocuments;
  private signedIn: boolean | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly connection: Connection,
    private readonly status: AccountStatus,
  ) {
    super();
    this.state = new ExplorerState(context);
    const signedIn = () => this.isSignedIn();
    this.chutes = this._register(new ChutesTree('chutes.explorer', connection, this.state, false, signedIn));
    this.publicChutes = this._register(new ChutesTree('chutes.publicChutes', connection, this.state, true, signedIn));
    this.images = this._register(new ImagesTree(connection, signedIn));
    this.apiKeys = this._register(new ApiKeysTree(connection, signedIn));
    for (const tree of this.trees) this._register(new AutoRefresh(tree.view, () => tree.refresh()));
    this._register(this.chutes.onDidLoad(() => this.afterChutesLoaded()));
    this.updateFilterDescription();
    this.sources = this._register(new ReadOnlyDocuments('chutes-source'));
    this.logs = this._register(new ReadOnlyDocuments('chutes-logs'));
    this._register(registerExplorerCommands(this));
    const streams = this._register(new LogStreams());
    let handlers: Promise<Record<string, CommandHandler>> | undefined;
    const load = () =>
      (handlers ??= import('./explorerCommands').then(({ explorerCommands }) => explorerCommands(this, connection, { sources: this.sources, logs: this.logs, streams })));
    for (const id of LAZY_COMMANDS) {
      this._register(vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load())[id](...args)));
    }
    this._register(
      vscode.commands.registerCommand('chutes.newChute', async (kind?: 'python' | 'manifest') => (await import('./newChute')).newChuteFromTemplate(context.extensionUri, kind)),
    );
  }

  get trees(): Array<PagedTree<unknown>> {
    return [this.chutes, this.publicChutes, this.images, this.apiKeys] as Array<PagedTree<unknown>>;
  }

  /**
   * New credentials or settings: every view starts again from its first page when it next shows,
   * and the account line is asked for again after the next rows (never while the views are hidden).
   */
  refresh(): void {
    this.signedIn = undefined;
    for (const tree of this.trees) tree.reset();
  }

  /** Whether there are credentials (no network: secret storage and files only); sets `chutes.signedIn`. */
  async isSignedIn(): Promise<boolean> {
    let now: boolean;
    try {
      now = !!(await this.connection.credentials());
    } catch {
      // Broken credentials files: load anyway, so the failure shows as an error node in its own words.
      now = true;
    }
    if (now !== this.signedIn) {
      this.signedIn = now;
      await vscode.commands.executeCommand('setContext', 'chutes.signedIn', now);
    }
    return now;
  }

  private afterChutesLoaded(): void {
    const count = this.chutes.loadedCount;
    const empty = !this.chutes.error && count === 0 && !this.state.filter;
    void vscode.commands.executeCommand('setContext', 'chutes.noChutes', !!this.signedIn && empty);
    void vscode.commands.executeCommand('setContext', 'chutes.hasChutes', count > 0);
    // The account line is asked for after the rows, so they come after exactly one request.
    void this.status.update();
  }

  updateFilterDescription(): void {
    const filter = this.state.filter;
    this.chutes.view.description = filter ? `name contains "${filter}"` : undefined;
    void vscode.commands.executeCommand('setContext', 'chutes.explorer.filtered', !!filter);
  }
}

/** Commands whose handlers live in explorerCommands.ts (chuteCommands.ts and listCommands.ts). */
const LAZY_COMMANDS = [
  'chutes.copyChuteId',
  'chutes.copySlug',
  'chutes.copyInvokeUrl',
  'chutes.copyCurl',
  'chutes.openOnWebsite',
  'chutes.viewSource',
  'chutes.warmUp',
  'chutes.streamInstanceLogs',
  'chutes.stopInstanceLogs',
  'chutes.shareChute',
  'chutes.unshareChute',
  'chutes.editTagline',
  'chutes.editReadme',
  'chutes.disableChute',
  'chutes.enableChute',
  'chutes.deleteChute',
  'chutes.images.viewBuildLogs',
  'chutes.images.delete',
  'chutes.apiKeys.create',
  'chutes.apiKeys.delete',
];

function registerExplorerCommands(explorer: ExplorerView): vscode.Disposable {
  const treeById = (viewId: unknown) => explorer.trees.find((tree) => tree.viewId === viewId);
  const disposables = [
    vscode.commands.registerCommand('chutes.explorer.refresh', () => explorer.chutes.refresh()),
    vscode.commands.registerCommand('chutes.publicChutes.refresh', () => explorer.publicChutes.refresh()),
    vscode.commands.registerCommand('chutes.images.refresh', () => explorer.images.refresh()),
    vscode.commands.registerCommand('chutes.apiKeys.refresh', () => explorer.apiKeys.refresh()),
    vscode.commands.registerCommand('chutes.explorer.loadMore', (viewId?: string) => (treeById(viewId) ?? explorer.chutes).loadMore()),
    vscode.commands.registerCommand('chutes.explorer.showError', (message?: string) => {
      // Written again so the log opens with this message at its end, where the view scrolls to.
      if (message) log.error(`Shown from the Chutes view: ${message}`);
      log.show();
    }),
    vscode.commands.registerCommand('chutes.explorer.filter', async (value?: string) => {
      const filter =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: 'Filter Chutes by Name',
              prompt: 'Part of a chute name (the server matches it case-insensitively). Empty shows all.',
              value: explorer.state.filter,
            });
      if (filter === undefined) return;
      await explorer.state.setFilter(filter);
      explorer.updateFilterDescription();
      explorer.chutes.reset();
    }),
    vscode.commands.registerCommand('chutes.explorer.clearFilter', async () => {
      await explorer.state.setFilter('');
      explorer.updateFilterDescription();
      explorer.chutes.reset();
    }),
    vscode.commands.registerCommand('chutes.explorer.sort', async (value?: ChuteSort) => {
      const options: Array<vscode.QuickPickItem & { sort: ChuteSort }> = [
        { sort: 'invocations', label: 'Invocations', description: 'most used first (the server order)' },
        { sort: 'name', label: 'Name', description: 'A to Z' },
        { sort: 'updated', label: 'Updated', description: 'most recently changed first' },
      ];
      const current = explorer.state.sort;
      for (const option of options) if (option.sort === current) option.label = `$(check) ${option.label}`;
      const sort = value ?? (await vscode.window.showQuickPick(options, { title: 'Sort Chutes By' }))?.sort;
      if (!sort) return;
      await explorer.state.setSort(sort);
      // Sorting applies to the rows already loaded: no request.
      explorer.chutes.redraw();
    }),
    vscode.commands.registerCommand('chutes.explorer.revealChute', async (chuteId?: string) => {
      if (typeof chuteId !== 'string' || !chuteId) return undefined;
      await vscode.commands.executeCommand('chutes.explorer.focus');
      const item = await explorer.chutes.reveal(chuteId);
      return item?.chuteId;
    }),
  ];
  return vscode.Disposable.from(...disposables);
}
