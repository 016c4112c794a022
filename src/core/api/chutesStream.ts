// The Chutes dialects on top of the SSE parser (reference §2.3, §2.6, §2.7):
// - `data: [DONE]` (chat, streaming cords) or a bare `DONE` line (build logs) ends the stream;
// - `.` lines are keep-alives;
// - a raw JSON object `{"error": "..."}` outside SSE framing is the server's mid-stream failure
//   and becomes a StreamError carrying its words;
// - a stream that stops before its end marker, when one is required, is a cut stream.
import { StreamError } from './errors';
import { readSse, type SseEvent, type SseItem, type SseMode } from './sse';

export interface ChutesStreamOptions {
  mode?: SseMode;
  /** Host named in errors. */
  host: string;
  /** The stream must end with [DONE]/DONE; ending without it is reported as cut. */
  requireDone?: boolean;
}

/**
 * The stream's events in batches, one per chunk read (never empty), for consumers that handle
 * events synchronously: a fast stream such as a chat then costs one await per chunk, not per event.
 * Events that came before the end marker or a server error in the same chunk are still delivered.
 */
export async function* chutesEventBatches(source: AsyncIterable<Uint8Array | string>, options: ChutesStreamOptions): AsyncGenerator<SseEvent[]> {
  for await (const items of readSse(source, { mode: options.mode })) {
    const { events, end } = sortItems(items, options.host);
    if (events.length > 0) yield events;
    if (end === 'done') return;
    if (end) throw end;
  }
  if (options.requireDone) throw new StreamError('cut', options.host, 'no [DONE] marker');
}

/** The stream's events one by one. */
export async function* chutesEvents(source: AsyncIterable<Uint8Array | string>, options: ChutesStreamOptions): AsyncGenerator<SseEvent> {
  for await (const events of chutesEventBatches(source, options)) {
    for (const event of events) yield event;
  }
}

/** The events among parser items, up to what ends the stream: its end marker or a server error. */
function sortItems(items: SseItem[], host: string): { events: SseEvent[]; end?: 'done' | StreamError } {
  const events: SseEvent[] = [];
  for (const item of items) {
    if (item.type === 'event') {
      if (item.data === '[DONE]') return { events, end: 'done' };
      events.push(item);
      continue;
    }
    const text = item.text.trim();
    if (text === 'DONE') return { events, end: 'done' };
    const serverError = rawErrorMessage(text);
    if (serverError !== undefined) return { events, end: new StreamError('server', host, serverError) };
    // Anything else ('.' keep-alives, stray text) is ignored, as the SSE spec ignores it.
  }
  return { events };
}

/** The message of a `{"error": ...}` line, or undefined when the line is something else. */
export function rawErrorMessage(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || !('error' in value)) return undefined;
  const error = (value as { error: unknown }).error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return JSON.stringify(error);
}
