// Turning response bodies and stream events into the typed shapes of types.ts. Nothing here throws
// on odd input except parseJson, whose MalformedResponseError is the clear error the caller wants.
import { MalformedResponseError } from './errors';
import type { BuildLogLine, Chute, InstanceLogEvent, Page, WarmupEvent } from './types';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON and checks its outline; a body that is neither gives a MalformedResponseError. */
export function parseJson<T>(text: string, status: number, host: string, expect?: { what: string; test(value: unknown): boolean }): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(status, host, 'a body that is not valid JSON', text);
  }
  if (expect && !expect.test(value)) throw new MalformedResponseError(status, host, `a body that is not ${expect.what}`, text);
  return value as T;
}

export const anObject = { what: 'a JSON object', test: isRecord };

/** The paging envelope of objects; a bare array (some list routes) is wrapped into one. */
export const aPage = {
  what: 'a page ({total, page, limit, items: [{...}]})',
  test: (value: unknown) => {
    const items = Array.isArray(value) ? value : isRecord(value) ? value.items : undefined;
    return Array.isArray(items) && items.every(isRecord);
  },
};

export function toPage<T>(value: unknown): Page<T> {
  if (Array.isArray(value)) return { total: value.length, page: 0, limit: value.length, items: value as T[] };
  const page = value as Page<T>;
  return {
    ...page,
    total: typeof page.total === 'number' ? page.total : page.items.length,
    page: typeof page.page === 'number' ? page.page : 0,
    limit: typeof page.limit === 'number' ? page.limit : page.items.length,
  };
}

/** Puts each list item's cords back from `cord_refs`, as the CLI does (SDK chutes/crud.py). */
export function joinCords(page: Page<Chute>): Page<Chute> {
  const refs = page.cord_refs ?? {};
  return {
    ...page,
    items: page.items.map((item) =>
      item.cords == null && item.cord_ref_id && Array.isArray(refs[item.cord_ref_id]) ? { ...item, cords: refs[item.cord_ref_id] } : item,
    ),
  };
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{"status": "cold"|"hot", "log": "..."}`; any other data is passed on as a log line. */
export function warmupEvent(data: string): WarmupEvent {
  const value = jsonOrUndefined(data);
  if (!isRecord(value)) return { status: '', log: data };
  return { status: typeof value.status === 'string' ? value.status : '', log: typeof value.log === 'string' ? value.log : '' };
}

/** `{"log": <string | {log, log_type}>, "offset": "..."}` (docs/platform.md §2.3). */
export function buildLogLine(data: string): BuildLogLine {
  const value = jsonOrUndefined(data);
  if (!isRecord(value)) return { log: data };
  const line: BuildLogLine = { log: '' };
  if (typeof value.log === 'string') line.log = value.log;
  else if (isRecord(value.log)) {
    line.log = typeof value.log.log === 'string' ? value.log.log : '';
    if (typeof value.log.log_type === 'string') line.stream = value.log.log_type;
  } else line.log = data;
  if (typeof value.offset === 'string') line.offset = value.offset;
  return line;
}

/** Instance log events (docs/platform.md §2.7): log lines, status events, errors. */
export function instanceLogEvent(data: string): InstanceLogEvent {
  const value = jsonOrUndefined(data);
  if (!isRecord(value)) return { type: 'log', line: data };
  if (typeof value.log === 'string') return { type: 'log', line: value.log };
  if (value.error !== undefined) return { type: 'error', message: typeof value.error === 'string' ? value.error : JSON.stringify(value.error) };
  if (typeof value.event === 'string') {
    const event: InstanceLogEvent = { type: 'status', event: value.event };
    if (typeof value.filename === 'string') event.filename = value.filename;
    return event;
  }
  return { type: 'log', line: data };
}
