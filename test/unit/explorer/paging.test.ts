import { describe, expect, it } from 'vitest';
import type { Page } from '../../../src/core/api/types';
import { PagedList, PagedSource, pageRequest, type PageQuery } from '../../../src/core/explorer/paging';

describe('pageRequest', () => {
  it('pages while page <= 100, then switches to offset, then to a larger limit from offset 5000', () => {
    expect(pageRequest(0, 25)).toEqual({ query: { page: 0, limit: 25 }, skip: 0 });
    expect(pageRequest(2500, 25)).toEqual({ query: { page: 100, limit: 25 }, skip: 0 });
    expect(pageRequest(2525, 25)).toEqual({ query: { offset: 2525, limit: 25 }, skip: 0 });
    expect(pageRequest(5000, 25)).toEqual({ query: { offset: 5000, limit: 25 }, skip: 0 });
    expect(pageRequest(5025, 25)).toEqual({ query: { offset: 5000, limit: 50 }, skip: 25 });
    expect(pageRequest(9975, 25)).toEqual({ query: { offset: 5000, limit: 5000 }, skip: 4975 });
    expect(pageRequest(10_000, 25)).toBeUndefined();
  });

  it('uses offset for a start that is not a whole page', () => {
    expect(pageRequest(30, 25)).toEqual({ query: { offset: 30, limit: 25 }, skip: 0 });
  });
});

/** A server with `total` rows that answers like GET /chutes/ (page XOR offset, limit <= 5000). */
function fakeServer(total: number) {
  const calls: PageQuery[] = [];
  const fetch = async (query: PageQuery): Promise<Page<number>> => {
    calls.push(query);
    if (query.page !== undefined && query.offset !== undefined) throw new Error('400: both page and offset');
    if ((query.page ?? 0) > 100 || (query.offset ?? 0) > 5000 || query.limit > 5000) throw new Error('422');
    const start = query.offset ?? (query.page ?? 0) * query.limit;
    const items = Array.from({ length: Math.max(0, Math.min(query.limit, total - start)) }, (_, i) => start + i);
    return { total, page: query.page ?? 0, limit: query.limit, items };
  };
  return { calls, fetch };
}

describe('PagedSource', () => {
  it('loads the first page with exactly one request', async () => {
    const server = fakeServer(5000);
    const source = new PagedSource(server.fetch, 25);
    await source.loadNext();
    expect(server.calls).toEqual([{ page: 0, limit: 25 }]);
    expect(source.list.items).toHaveLength(25);
    expect(source.list.hasMore).toBe(true);
  });

  it('reaches every row of an account past page 100, in order and without repeats', async () => {
    const server = fakeServer(7000);
    const source = new PagedSource(server.fetch, 25);
    while (await source.loadNext());
    expect(source.list.items).toHaveLength(7000);
    expect(source.list.items.every((value, index) => value === index)).toBe(true);
    expect(server.calls.some((q) => q.offset !== undefined)).toBe(true);
    expect(source.list.hasMore).toBe(false);
  });

  it('stops at an empty page even when total promised more', async () => {
    const source = new PagedSource(async () => ({ total: 100, page: 0, limit: 25, items: [] }), 25);
    await source.loadNext();
    expect(source.list.hasMore).toBe(false);
    expect(await source.loadNext()).toBe(false);
  });

  it('reloads as many whole pages as were loaded, in one request', async () => {
    const server = fakeServer(200);
    const source = new PagedSource(server.fetch, 25);
    await source.loadNext();
    await source.loadNext();
    await source.loadNext();
    server.calls.length = 0;
    await source.reload();
    expect(server.calls).toEqual([{ page: 0, limit: 75 }]);
    expect(source.list.items).toHaveLength(75);
    await source.loadNext();
    expect(server.calls.at(-1)).toEqual({ page: 3, limit: 25 });
    expect(source.list.items).toHaveLength(100);
  });

  it('keeps only the rows loaded: memory follows pages, not the account', async () => {
    const source = new PagedSource(fakeServer(1_000_000).fetch, 25);
    await source.loadNext();
    expect(source.list.items).toHaveLength(25);
    expect(source.list.total).toBe(1_000_000);
  });
});

describe('PagedList', () => {
  it('replaces and removes rows, keeping the total honest', () => {
    const list = new PagedList<{ id: string; v: number }>(25);
    list.append([{ id: 'a', v: 1 }, { id: 'b', v: 2 }], 2);
    expect(list.replace((r) => r.id === 'b', { id: 'b', v: 3 })).toBe(true);
    expect(list.items[1].v).toBe(3);
    expect(list.replace((r) => r.id === 'z', { id: 'z', v: 0 })).toBe(false);
    expect(list.remove((r) => r.id === 'a')).toBe(true);
    expect(list.total).toBe(1);
    expect(list.hasMore).toBe(false);
  });
});

describe('PagedSource reset', () => {
  it('drops the answer of a request sent before the reset', async () => {
    let release: (() => void) | undefined;
    const source = new PagedSource<number>(
      (query) =>
        new Promise((resolve) => {
          release = () => resolve({ total: 50, page: 0, limit: query.limit, items: Array.from({ length: 25 }, (_, i) => i) });
        }),
      25,
    );
    const stale = source.loadNext();
    source.reset();
    release!();
    expect(await stale).toBe(false);
    expect(source.list.items).toHaveLength(0);
    expect(source.loaded).toBe(false);
  });
});
