import * as vscode from 'vscode';
import type { Page } from '../../core/api/types';
import { PagedSource, type PageQuery } from '../../core/explorer/paging';
import { redact } from '../../core/redact';
import { Disposable } from '../../shared/lifecycle';
import { log } from '../../shared/log';
import type { Connection } from '../account/connection';
import { ErrorItem, LoadMoreItem, type Node } from './nodes';

/** Seconds before a rate-limited list is asked again when the server gives no Retry-After (it never does, §2.0). */
const RATE_LIMIT_WAIT_S = 10;

interface Failure {
  message: string;
  status?: number;
  /** For a 429: when the list is asked again. */
  retryAt?: number;
}

export function failureOf(error: unknown): Failure {
  const message = redact(error instanceof Error ? error.message : String(error));
  const status = (error as { status?: unknown }).status;
  return { message, status: typeof status === 'number' ? status : undefined };
}

/** Seconds from a Retry-After header (seconds or an HTTP date), else the default wait. */
function retryAfterSeconds(error: unknown): number {
  const header = (error as { retryAfter?: unknown }).retryAfter;
  if (typeof header === 'string') {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(1, Math.ceil((date - Date.now()) / 1000));
  }
  return RATE_LIMIT_WAIT_S;
}

/**
 * A view over one paged list route: the first page when the view first shows (one request), a
 * "Load more" node while the server has more, a failure as a node in the server's words (a 429 counts
 * down to its own retry), and refresh() that reloads what was loaded. VS Code asks for children only
 * while the view is visible, so a hidden view makes no requests.
 */
export abstract class PagedTree<T> extends Disposable implements vscode.TreeDataProvider<Node> {
  protected readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  protected readonly source: PagedSource<T>;
  private pending: 'first' | 'reload' | undefined = 'first';
  private failure: Failure | undefined;
  private errorItem: ErrorItem | undefined;
  private countdown: NodeJS.Timeout | undefined;
  private loading: Promise<void> = Promise.resolve();
  private readonly loadedEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires after each load of the root rows, successful or not. */
  readonly onDidLoad = this.loadedEmitter.event;

  constructor(
    readonly viewId: string,
    protected readonly connection: Connection,
    limit = 25,
  ) {
    super();
    this.source = new PagedSource<T>((query, signal) => this.fetch(query, signal), limit);
    this.view = this._register(vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true }));
    this._register({ dispose: () => clearInterval(this.countdown) });
  }

  protected abstract fetch(query: PageQuery, signal?: AbortSignal): Promise<Page<T>>;
  protected abstract rootItems(rows: readonly T[]): Node[];
  /** Shown when the list is empty; undefined leaves the view empty so its welcome content shows. */
  protected emptyItems(): Node[] {
    return [];
  }
  protected childrenOf(_node: Node): Promise<Node[]> | Node[] {
    return [];
  }
  /** False while signed out: the view stays empty and shows its welcome content. */
  protected abstract ready(): Promise<boolean>;

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  getParent(): undefined {
    // Only root items are ever revealed.
    return undefined;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return this.childrenOf(node);
    if (!(await this.ready())) return [];
    await this.loadPending();
    // A load started by another caller (VS Code and a command ask at once) is waited for, not skipped.
    await this.loading;
    const rows = this.rootItems(this.source.list.items);
    if (this.failure) return [...rows, this.errorNode(this.failure)];
    if (!rows.length) return this.emptyItems();
    if (this.source.list.hasMore) rows.push(new LoadMoreItem(this.viewId, this.source.list.items.length, this.source.list.total));
    return rows;
  }

  /** Reloads the rows loaded so far (one request), when the view next shows. */
  refresh(): void {
    this.clearFailure();
    this.pending = this.source.loaded ? 'reload' : 'first';
    this.changed.fire(undefined);
  }

  /** Forgets all rows (new credentials or settings): the next showing starts from the first page. */
  reset(): void {
    this.clearFailure();
    this.source.reset();
    this.pending = 'first';
    this.changed.fire(undefined);
  }

  /** Redraws the rows already loaded (a new sort order): no request. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  async loadMore(): Promise<void> {
    await this.serial(() => this.source.loadNext());
    this.changed.fire(undefined);
  }

  get loadedCount(): number {
    return this.source.list.items.length;
  }

  private async loadPending(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    await this.serial(() => (pending === 'reload' ? this.source.reload() : this.source.loadNext().then(() => undefined)));
    this.loadedEmitter.fire();
  }

  /** One load at a time; a failure becomes the error node (and is logged with its detail). */
  private serial(load: () => Promise<unknown>): Promise<void> {
    this.loading = this.loading.then(async () => {
      try {
        this.clearFailure();
        await load();
      } catch (error) {
        this.fail(error);
      }
    });
    return this.loading;
  }

  private fail(error: unknown): void {
    const failure = failureOf(error);
    log.error(`${this.view.title ?? this.viewId}: ${error instanceof Error ? (error.stack ?? failure.message) : failure.message}`);
    if (failure.status === 429) {
      failure.retryAt = Date.now() + retryAfterSeconds(error) * 1000;
      this.countdown = setInterval(() => this.tick(), 1000);
    }
    this.failure = failure;
  }

  private tick(): void {
    if (!this.failure?.retryAt) return;
    if (Date.now() >= this.failure.retryAt) {
      this.refresh();
      return;
    }
    if (this.errorItem) {
      this.errorItem.label = this.errorLabel(this.failure);
      this.changed.fire(this.errorItem);
    }
  }

  private errorLabel(failure: Failure): string {
    if (!failure.retryAt) return failure.message;
    const seconds = Math.max(0, Math.ceil((failure.retryAt - Date.now()) / 1000));
    return `Retrying in ${seconds} s — ${failure.message}`;
  }

  private errorNode(failure: Failure): ErrorItem {
    this.errorItem = new ErrorItem(this.viewId, failure.message, failure.status);
    this.errorItem.label = this.errorLabel(failure);
    return this.errorItem;
  }

  private clearFailure(): void {
    clearInterval(this.countdown);
    this.countdown = undefined;
    this.failure = undefined;
    this.errorItem = undefined;
  }

  /** The failure shown now, for tests and the status of the view. */
  get error(): string | undefined {
    return this.failure?.message;
  }
}
