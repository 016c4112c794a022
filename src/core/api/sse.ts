// Server-sent events, parsed as the WHATWG HTML spec says ("Parsing an event stream"), fed with
// chunks cut anywhere: inside a CRLF, inside a multi-byte UTF-8 character, inside a field name.
//
// Two modes, because Chutes speaks two dialects over text/event-stream:
// - 'sse' (default): the spec. An event is dispatched by a blank line. Used by chat streams,
//   streaming cords and warmup.
// - 'lines': every `data:` line is an event on its own, no blank line needed. Used by image build
//   logs, which send `data: {...}` lines with no separators (reference §2.3), and by instance logs
//   (§2.7), whose framing comes from a proxy and is best read line by line. A final line without a
//   terminator is still read, since the build log's closing `DONE` may lack one.
//
// Lines that are not SSE framing (a field name other than data/event/id/retry) are ignored by the
// spec, but Chutes puts meaning in some: `.` keep-alives, a bare `DONE`, and a raw JSON error
// object written mid-stream (§2.6). They come out as `{type: 'line'}` items so the layer above can
// decide (see chutesStream.ts); consumers of plain SSE simply skip them.

export type SseMode = 'sse' | 'lines';

export interface SseEvent {
  type: 'event';
  /** Event type; 'message' when the stream names none. */
  event: string;
  data: string;
  /** The last event ID (it persists across events, as in the spec); '' when none was sent. */
  id: string;
  /** Reconnection time in ms, when a valid `retry` field came with this event. */
  retry?: number;
}

/** A line the SSE grammar ignores, kept verbatim. */
export interface SseLine {
  type: 'line';
  text: string;
}

export type SseItem = SseEvent | SseLine;

export interface SseOptions {
  mode?: SseMode;
}

export class SseParser {
  private readonly mode: SseMode;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private buffer = '';
  private started = false;
  private pendingCR = false;
  private data = '';
  private eventType = '';
  private lastEventId = '';
  private retry: number | undefined;
  private out: SseItem[] = [];

  constructor(options: SseOptions = {}) {
    this.mode = options.mode ?? 'sse';
  }

  /** Feeds bytes (decoded as streaming UTF-8) or text; returns the items completed so far. */
  feed(chunk: Uint8Array | string): SseItem[] {
    this.push(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    return this.take();
  }

  /** Ends the stream: flushes the decoder. In 'sse' mode an unfinished event is dropped (spec). */
  end(): SseItem[] {
    this.push(this.decoder.decode());
    const tail = this.buffer;
    this.buffer = '';
    if (tail) {
      if (this.mode === 'lines') this.line(tail);
      else if (!isFraming(tail)) this.out.push({ type: 'line', text: tail });
    }
    this.data = '';
    this.eventType = '';
    return this.take();
  }

  private take(): SseItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  private push(text: string): void {
    if (!text) return;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.pendingCR && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCR = false;
    const buffer = this.buffer + text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const code = buffer.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.line(buffer.slice(start, i));
      if (code === 13) {
        if (i + 1 === buffer.length) this.pendingCR = true;
        else if (buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer = buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        if (this.mode === 'lines') {
          this.data = value;
          this.emit();
        } else {
          this.data += `${value}\n`;
        }
        return;
      case 'event':
        this.eventType = value;
        return;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        return;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        return;
      default:
        this.out.push({ type: 'line', text: line });
    }
  }

  private dispatch(): void {
    if (this.mode === 'lines' || this.data === '') {
      this.data = '';
      this.eventType = '';
      return;
    }
    this.data = this.data.slice(0, -1);
    this.emit();
  }

  private emit(): void {
    const event: SseEvent = { type: 'event', event: this.eventType || 'message', data: this.data, id: this.lastEventId };
    if (this.retry !== undefined) event.retry = this.retry;
    this.out.push(event);
    this.data = '';
    this.eventType = '';
    this.retry = undefined;
  }
}

/** True for a line made of SSE framing only (a known field or a comment). */
function isFraming(line: string): boolean {
  if (line.startsWith(':')) return true;
  const colon = line.indexOf(':');
  const field = colon < 0 ? line : line.slice(0, colon);
  return field === 'data' || field === 'event' || field === 'id' || field === 'retry';
}

/** Parses a byte (or text) stream into SSE items as they complete. */
export async function* readSse(source: AsyncIterable<Uint8Array | string>, options?: SseOptions): AsyncGenerator<SseItem> {
  const parser = new SseParser(options);
  for await (const chunk of source) yield* parser.feed(chunk);
  yield* parser.end();
}
