import * as vscode from 'vscode';
import type { Chute, Page } from '../../core/api/types';
import { chuteDetails, chuteState, modelPrice, sortChutes } from '../../core/explorer/chuteView';
import type { PageQuery } from '../../core/explorer/paging';
import { log } from '../../shared/log';
import type { Connection } from '../account/connection';
import type { ExplorerState } from './explorerState';
import { ChuteItem, DetailItem, ErrorItem, MessageItem, type Node } from './nodes';
import { failureOf, PagedTree } from './pagedTree';

/**
 * The user's chutes (`chutes.explorer`) or, with `includePublic`, theirs and the public ones
 * (`chutes.publicChutes`, with the LLM price from GET /v1/models). Children of a chute come from
 * GET /chutes/{id} when it is expanded.
 */
export class ChutesTree extends PagedTree<Chute> {
  private readonly items = new Map<string, ChuteItem>();
  /** Chutes revealed by id that are not on a loaded page (a fresh deploy sorts last by invocations). */
  private pinned: Chute[] = [];
  private prices = new Map<string, string>();

  constructor(
    viewId: string,
    connection: Connection,
    private readonly state: ExplorerState,
    private readonly includePublic: boolean,
    private readonly isSignedIn: () => Promise<boolean>,
  ) {
    super(viewId, connection);
  }

  protected ready(): Promise<boolean> {
    return this.includePublic ? Promise.resolve(true) : this.isSignedIn();
  }

  protected async fetch(query: PageQuery, signal?: AbortSignal): Promise<Page<Chute>> {
    const { client } = await this.connection.client();
    const filter = this.includePublic ? '' : this.state.filter;
    const list = client.listChutes({ ...query, include_public: this.includePublic || undefined, name: filter || undefined }, signal);
    if (!this.includePublic || query.page !== 0) return list;
    // The LLM prices ride along with the first page: one list of models, asked at the same time.
    const models = client.models(signal).catch((error: unknown) => {
      // The prices are extra: without them the list still shows, and the log says why.
      log.warn(`Public chutes: no LLM prices from /v1/models: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    const [page, modelList] = await Promise.all([list, models]);
    this.prices = new Map();
    for (const entry of modelList?.data ?? []) {
      const price = modelPrice(entry);
      if (entry.chute_id && price) this.prices.set(entry.chute_id, price);
    }
    return page;
  }

  protected rootItems(rows: readonly Chute[]): Node[] {
    const loaded = new Set(rows.map((c) => c.chute_id));
    this.pinned = this.pinned.filter((c) => !loaded.has(c.chute_id));
    const chutes = [...this.pinned, ...sortChutes(rows, this.state.sort)];
    const disabled = this.state.disabled;
    const keep = new Set<string>();
    const nodes = chutes.map((chute) => {
      keep.add(chute.chute_id);
      const state = chuteState(chute, disabled);
      const extra = this.prices.get(chute.chute_id);
      const existing = this.items.get(chute.chute_id);
      if (existing) {
        existing.update(chute, state, extra);
        return existing;
      }
      const item = new ChuteItem(this.viewId, chute, state, extra);
      this.items.set(chute.chute_id, item);
      return item;
    });
    for (const id of this.items.keys()) if (!keep.has(id)) this.items.delete(id);
    return nodes;
  }

  protected emptyItems(): Node[] {
    const filter = this.state.filter;
    if (!this.includePublic && filter) {
      return [new MessageItem(`${this.viewId}/nomatch`, `No chutes match "${filter}"`, 'filter', { command: 'chutes.explorer.clearFilter', title: 'Clear Filter' })];
    }
    return this.includePublic ? [new MessageItem(`${this.viewId}/none`, 'No chutes visible on this platform')] : [];
  }

  protected async childrenOf(node: Node): Promise<Node[]> {
    if (node instanceof DetailItem) return (node.row.children ?? []).map((row) => new DetailItem(node.id!, row, node.chute));
    if (!(node instanceof ChuteItem)) return [];
    try {
      const { client } = await this.connection.client();
      const chute = await client.getChute(node.chuteId);
      node.chute = { ...node.chute, ...chute };
      return chuteDetails(chute).map((row) => new DetailItem(node.id!, row, chute));
    } catch (error) {
      const failure = failureOf(error);
      return [new ErrorItem(node.id!, failure.message, failure.status)];
    }
  }

  /** The loaded item of a chute, if any. */
  item(chuteId: string): ChuteItem | undefined {
    return this.items.get(chuteId);
  }

  get chutes(): Chute[] {
    return [...this.items.values()].map((item) => item.chute);
  }

  /** Fetches one chute again and redraws only its node (after an action on it). */
  async updateChute(chuteId: string): Promise<void> {
    const item = this.items.get(chuteId);
    if (!item) return;
    const { client } = await this.connection.client();
    const chute = await client.getChute(chuteId);
    const merged = { ...chute, cords: chute.cords ?? item.chute.cords };
    this.source.list.replace((c) => c.chute_id === chuteId, merged);
    item.update(merged, chuteState(merged, this.state.disabled), this.prices.get(chuteId));
    this.changed.fire(item);
  }

  /** Drops a deleted chute: its parent (the root) is redrawn from the rows already loaded. */
  removeChute(chuteId: string): void {
    this.pinned = this.pinned.filter((c) => c.chute_id !== chuteId);
    if (this.source.list.remove((c) => c.chute_id === chuteId) || this.items.has(chuteId)) {
      this.items.delete(chuteId);
      this.changed.fire(undefined);
    }
  }

  /** Forgets revealed chutes too: they belonged to the old credentials or platform. */
  override reset(): void {
    this.pinned = [];
    super.reset();
  }

  /** Reloads, then reveals and selects the chute, fetching it on its own when no loaded page has it. */
  async reveal(chuteId: string): Promise<ChuteItem | undefined> {
    this.refresh();
    await this.getChildren();
    if (!this.items.has(chuteId)) {
      const { client } = await this.connection.client();
      const chute = await client.getChute(chuteId);
      this.pinned = [chute, ...this.pinned.filter((c) => c.chute_id !== chuteId)];
      this.changed.fire(undefined);
      await this.getChildren();
    }
    const item = this.items.get(chuteId);
    if (item) await this.view.reveal(item, { select: true, focus: true, expand: false });
    return item;
  }
}

/** A QuickPick of the user's chutes, for commands run from the palette. */
export async function pickChute(connection: Connection, title: string): Promise<Chute | undefined> {
  const { client } = await connection.client();
  const items = client
    .listChutes({ limit: 500 })
    .then((page) => page.items.map((chute): vscode.QuickPickItem & { chute: Chute } => ({ label: chute.name, description: chute.tagline, detail: chute.chute_id, chute })));
  const picked = await vscode.window.showQuickPick(items,
    { title, placeHolder: 'Choose a chute', matchOnDetail: true },
  );
  return picked?.chute;
}
