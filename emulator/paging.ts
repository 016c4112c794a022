// The paginated envelope of api/pagination.py for routers that page with `(page or 0) * (limit or 25)`.
import type { Fields } from './validation';

export const PAGING_QUERY: Fields = {
  page: { spec: { t: 'int' }, default: 0 },
  limit: { spec: { t: 'int' }, default: 25 },
};

export function pageEnvelope<T>(items: T[], page: number, limit: number, present: (item: T) => unknown) {
  const size = limit || 25;
  const start = (page || 0) * size;
  return { total: items.length, page, limit, items: items.slice(start, start + size).map(present), cord_refs: null };
}
