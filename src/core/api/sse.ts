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

const LF = 10;
const SPACE = 32;
const COLON = 58;

export class SseParser {
  private readonly lines: boolean;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /**
   * The unfinished last line, in pieces. A line that spans many chunks is joined once, when its
   * end arrives, rather than re-copied with every chunk.
   */
  private partial: string[] = [];
  private started = false;
  /** The text so far ended with a CR: an LF that starts the next text completes that CRLF. */
  private pendingCR = false;
  /** Data of the event being built; `hasData` tells "no data line yet" from "data: (empty)". */
  private data = '';
  private hasData = false;
  private eventType = '';
  private lastEventId = '';
  private retry: number | undefined;
  private out: SseItem[] = [];

  constructor(options: SseOptions = {}) {
    this.lines = options.mode === 'lines';
  }

  /** Feeds bytes (decoded as streaming UTF-8) or text; returns the items completed so far. */
  feed(chunk: Uint8Array | string): SseItem[] {
    this.push(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    return this.take();
  }

  /** Ends the stream: flushes the decoder. In 'sse' mode an unfinished event is dropped (spec). */
  end(): SseItem[] {
    this.push(this.decoder.decode());
    if (this.partial.length > 0) {
      const tail = this.partial.join('');
      this.partial = [];
      if (this.lines) this.line(tail, 0, tail.length);
      else if (!isFraming(tail)) this.out.push({ type: 'line', text: tail });
    }
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    return this.take();
  }

  private take(): SseItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  /**
   * Splits text into lines at CRLF, LF or CR, without copying the text: lines are read in place
   * between two indexOf hits. Text without any CR (the usual case) never looks for one twice.
   */
  private push(text: string): void {
    if (!text) return;
    let start = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) start = 1;
    }
    if (this.pendingCR) {
      this.pendingCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    for (;;) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      if (end < 0) break;
      if (this.partial.length === 0) {
        this.line(text, start, end);
      } else {
        this.partial.push(text.slice(start, end));
        const line = this.partial.join('');
        this.partial = [];
        this.line(line, 0, line.length);
      }
      start = end + 1;
      if (end === cr) {
        // CR: a following LF belongs to it, even when it comes with the next text.
        if (start === text.length) this.pendingCR = true;
        else if (lf === start) start++;
        cr = text.indexOf('\r', start);
      }
      if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    }
    if (start < text.length) this.partial.push(start === 0 ? text : text.slice(start));
  }

  /** One line: text[start, end), which holds no line break. */
  private line(text: string, start: number, end: number): void {
    if (start === end) return this.dispatch();
    const first = text.charCodeAt(start);
    if (first === COLON) return; // a comment
    // Fast path for the line nearly every event is made of.
    if (
      first === 100 /* d */ &&
      end - start >= 5 &&
      text.charCodeAt(start + 1) === 97 /* a */ &&
      text.charCodeAt(start + 2) === 116 /* t */ &&
      text.charCodeAt(start + 3) === 97 /* a */ &&
      text.charCodeAt(start + 4) === COLON
    ) {
      const valueStart = text.charCodeAt(start + 5) === SPACE && start + 5 < end ? start + 6 : start + 5;
      return this.dataLine(text.slice(valueStart, end));
    }
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    switch (field) {
      case 'data':
        return this.dataLine(value);
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

  private dataLine(value: string): void {
    if (this.lines) {
      this.data = value;
      this.emit();
    } else if (this.hasData) {
      this.data += `\n${value}`;
    } else {
      this.data = value;
      this.hasData = true;
    }
  }

  private dispatch(): void {
    if (this.hasData) return this.emit();
    this.eventType = '';
  }

  private emit(): void {
    const event: SseEvent = { type: 'event', event: this.eventType || 'message', data: this.data, id: this.lastEventId };
    if (this.retry !== undefined) event.retry = this.retry;
    this.out.push(event);
    this.data = '';
    this.hasData = false;
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
