// The Chutes dialects on top of the SSE parser (docs/platform.md §2.3, §2.6, §2.7):
// - `data: [DONE]` (chat, streaming cords) or a bare `DONE` line (build logs) ends the stream;
// - `.` lines are keep-alives;
// - a raw JSON object `{"error": "..."}` outside SSE framing is the server's mid-stream failure
//   and becomes a StreamError carrying its words;
// - a stream that stops before its end marker, when one is required, is a cut stream.
import { CancelledError, ResponseTooLargeError, StreamError } from './errors';
import { readSse, SseLimitError, type SseEvent, type SseItem, type SseMode } from './sse';

export interface ChutesStreamOptions {
  mode?: SseMode;
  /** Host named in errors. */
  host: string;
  /** The stream must end with [DONE]/DONE; ending without it is reported as cut. */
  requireDone?: boolean;
  /** Once it fires, events already read are dropped and the next one is a CancelledError. */
  signal?: AbortSignal;
  /** Caps of one line and one event; over them the stream ends in a ResponseTooLargeError. */
  maxLineBytes?: number;
  maxEventBytes?: number;
}

/**
 * The stream's events in batches, one per chunk read (never empty), for consumers that handle
 * events synchronously: a fast stream such as a chat then costs one await per chunk, not per event.
 * Events that came before the end marker or a server error in the same chunk are still delivered.
 */
export async function* chutesEventBatches(source: AsyncIterable<Uint8Array | string>, options: ChutesStreamOptions): AsyncGenerator<SseEvent[]> {
  const items = readSse(source, { mode: options.mode, maxLineBytes: options.maxLineBytes, maxEventBytes: options.maxEventBytes });
  try {
    for (;;) {
      let step: IteratorResult<SseItem[]>;
      try {
        step = await items.next();
      } catch (error) {
        if (error instanceof SseLimitError) throw new ResponseTooLargeError(error.part, options.host, error.limit);
        throw error;
      }
      if (step.done) break;
      const { events, end } = sortItems(step.value, options.host);
      if (events.length > 0) yield events;
      if (end === 'done') return;
      if (end) throw end;
    }
  } finally {
    // Leaving early (break, error, cancel) closes the source, and with it the connection.
    await items.return(undefined);
  }
  if (options.requireDone) throw new StreamError('cut', options.host, 'no [DONE] marker');
}

/** The stream's events one by one. */
export function chutesEvents(source: AsyncIterable<Uint8Array | string>, options: ChutesStreamOptions): AsyncGenerator<SseEvent> {
  return eachOf(chutesEventBatches(source, options), options.signal);
}

/**
 * The items of a stream of batches one by one. Leaving early (break, return, throw) closes the
 * batches' generator, and with it the connection, as a generator loop over them would. After
 * `signal` fires, items of a batch already in hand are not handed out: a cancelled chat shows no
 * more text, however much of it one network read brought.
 */
export function eachOf<T>(batches: AsyncGenerator<T[]>, signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
  return new Each(batches, signal);
}

const settle = () => undefined;

// Written out rather than as `async function*`: handing out an item that is already in hand then
// costs one resolved promise instead of a generator resume and its await, which is most of the
// time a fast stream (a chat sends tens of events per network chunk) spends outside JSON.parse.
class Each<T> implements AsyncGenerator<T, void, undefined> {
  private batch: T[] = [];
  private index = 0;
  /** Calls that wait for a batch; while there are any, later calls queue behind them, in order. */
  private waiting = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly batches: AsyncGenerator<T[]>,
    private readonly signal?: AbortSignal,
  ) {}

  next(): Promise<IteratorResult<T, void>> {
    if (this.signal?.aborted) return this.throw(new CancelledError());
    if (this.waiting === 0 && this.index < this.batch.length) return Promise.resolve({ value: this.batch[this.index++], done: false });
    this.waiting++;
    const result = this.queue.then(() => this.pull()).finally(() => this.waiting--);
    this.queue = result.then(settle, settle);
    return result;
  }

  async return(): Promise<IteratorResult<T, void>> {
    this.batch = [];
    await this.batches.return(undefined);
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async pull(): Promise<IteratorResult<T, void>> {
    while (this.index >= this.batch.length) {
      const step = await this.batches.next();
      if (step.done) return { value: undefined, done: true };
      this.batch = step.value;
      this.index = 0;
    }
    return { value: this.batch[this.index++], done: false };
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
