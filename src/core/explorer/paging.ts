// Server paging of list routes (docs/platform.md §2.2): `page` runs 0..100 and `offset` 0..5000, with
// `limit` up to 5000 and never both `page` and `offset`. A list keeps only the rows loaded so far, so
// memory follows the pages a person opened, not the size of the account.
import type { Page } from '../api/types';

const LAST_PAGE = 100;
const MAX_OFFSET = 5000;
const MAX_LIMIT = 5000;

export interface PageQuery {
  page?: number;
  offset?: number;
  limit: number;
}

/**
 * The query that returns rows `start .. start + limit`, and how many leading rows of its answer to
 * skip. Pages while `page` can say it; past page 100 it switches to `offset`; past offset 5000 it
 * asks for the last offset with a larger limit. Undefined when the server cannot reach that row.
 */
export function pageRequest(start: number, limit: number): { query: PageQuery; skip: number } | undefined {
  if (start % limit === 0 && start / limit <= LAST_PAGE) return { query: { page: start / limit, limit }, skip: 0 };
  if (start <= MAX_OFFSET) return { query: { offset: start, limit }, skip: 0 };
  const skip = start - MAX_OFFSET;
  if (skip + limit > MAX_LIMIT) return undefined;
  return { query: { offset: MAX_OFFSET, limit: skip + limit }, skip };
}

/** The rows loaded so far, and whether the server has more. */
export class PagedList<T> {
  private rows: T[] = [];
  private totalRows: number | undefined;

  constructor(readonly limit: number) {}

  get items(): readonly T[] {
    return this.rows;
  }

  get total(): number | undefined {
    return this.totalRows;
  }

  /** The next request, or undefined when everything (or everything reachable) is loaded. */
  next(): { query: PageQuery; skip: number } | undefined {
    if (this.totalRows !== undefined && this.rows.length >= this.totalRows) return undefined;
    return pageRequest(this.rows.length, this.limit);
  }

  get hasMore(): boolean {
    return this.next() !== undefined;
  }

  /** Adds the rows of one answer. An empty answer ends the list even if `total` says otherwise. */
  append(items: readonly T[], total: number, skip = 0, max = this.limit): void {
    const fresh = items.slice(skip, skip + max);
    this.rows.push(...fresh);
    this.totalRows = fresh.length ? Math.max(total, this.rows.length) : this.rows.length;
  }

  /** Replaces the first row matching `match` (after a change to one item); false when it is not loaded. */
  replace(match: (item: T) => boolean, item: T): boolean {
    const index = this.rows.findIndex(match);
    if (index < 0) return false;
    this.rows[index] = item;
    return true;
  }

  remove(match: (item: T) => boolean): boolean {
    const before = this.rows.length;
    this.rows = this.rows.filter((item) => !match(item));
    const removed = before - this.rows.length;
    if (this.totalRows !== undefined) this.totalRows -= removed;
    return removed > 0;
  }

  clear(): void {
    this.rows = [];
    this.totalRows = undefined;
  }
}

/**
 * A list route read page by page: the first call is exactly one request; a reload asks again for as
 * many rows as were loaded, in one request, so a refresh keeps what "Load more" opened.
 */
export class PagedSource<T> {
  readonly list: PagedList<T>;
  /** Bumped by reset(): an answer to a request sent before it is dropped. */
  private epoch = 0;

  constructor(
    private readonly fetchPage: (query: PageQuery, signal?: AbortSignal) => Promise<Page<T>>,
    limit: number,
  ) {
    this.list = new PagedList<T>(limit);
  }

  get loaded(): boolean {
    return this.list.total !== undefined;
  }

  /** Loads the next page; false when there was nothing more to load. */
  async loadNext(signal?: AbortSignal): Promise<boolean> {
    const next = this.list.next();
    if (!next) return false;
    const epoch = this.epoch;
    const page = await this.fetchPage(next.query, signal);
    if (epoch !== this.epoch) return false;
    this.list.append(page.items, page.total, next.skip);
    return true;
  }

  /** Drops the rows and loads the first page again, as many rows as were loaded (whole pages). */
  async reload(signal?: AbortSignal): Promise<void> {
    const { limit } = this.list;
    const rows = Math.min(5000, Math.max(limit, Math.ceil(this.list.items.length / limit) * limit));
    const epoch = this.epoch;
    const page = await this.fetchPage({ page: 0, limit: rows }, signal);
    if (epoch !== this.epoch) return;
    this.list.clear();
    this.list.append(page.items, page.total, 0, rows);
  }

  /** Forgets everything: the next loadNext() is a first page again. */
  reset(): void {
    this.epoch++;
    this.list.clear();
  }
}
