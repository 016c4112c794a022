// Server-sent events, parsed as the WHATWG HTML spec says ("Parsing an event stream"), fed with
// chunks cut anywhere: inside a CRLF, inside a multi-byte UTF-8 character, inside a field name.
//
// Two modes, because Chutes speaks two dialects over text/event-stream:
// - 'sse' (default): the spec. An event is dispatched by a blank line. Used by chat streams,
//   streaming cords and warmup.
// - 'lines': every `data:` line is an event on its own, no blank line needed. Used by image build
//   logs, which send `data: {...}` lines with no separators (docs/platform.md §2.3), and by instance logs
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
  /** Longest line, in bytes; a longer one (an endless `data:` line) throws SseLimitError. */
  maxLineBytes?: number;
  /** Longest event data (its data lines joined), in UTF-16 units; a longer one throws SseLimitError. */
  maxEventBytes?: number;
}

/** A line or an event over its cap: the stream is not read further. */
export class SseLimitError extends Error {
  constructor(
    readonly part: 'line' | 'event',
    readonly limit: number,
  ) {
    super(`an SSE ${part} longer than ${limit} bytes`);
  }
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;

// The parser works on bytes and decodes line by line, not chunk by chunk. CR and LF are ASCII, so
// they never occur inside a UTF-8 sequence and every line boundary is also a character boundary:
// a character split across chunks simply lies inside a line that is not finished yet, and decoding
// each finished line on its own gives the same text (replacement characters included) as decoding
// the whole stream. It also lets comments and keep-alives pass without being decoded at all.
export class SseParser {
  private readonly lines: boolean;
  /**
   * The unfinished last line, in pieces (copied, since a caller may reuse its buffers). A line that
   * spans many chunks is joined once, when its end arrives, rather than re-copied with every chunk.
   */
  private partial: Uint8Array[] = [];
  private partialBytes = 0;
  private readonly maxLine: number;
  private readonly maxEvent: number;
  /** The next line is the stream's first, where a BOM is dropped. */
  private firstLine = true;
  /** The bytes so far ended with a CR: an LF that starts the next chunk completes that CRLF. */
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
    this.maxLine = options.maxLineBytes ?? Infinity;
    this.maxEvent = options.maxEventBytes ?? Infinity;
  }

  /**
   * Feeds bytes (UTF-8) or text, which is read as its UTF-8 encoding (so a text chunk should not
   * end between the two halves of a surrogate pair); returns the items completed so far.
   */
  feed(chunk: Uint8Array | string): SseItem[] {
    this.push(typeof chunk === 'string' ? Buffer.from(chunk) : asBuffer(chunk));
    return this.take();
  }

  /**
   * Ends the stream. A last line without a terminator is still read: in 'lines' mode it counts as
   * usual, in 'sse' mode only a non-SSE line comes out, since an unfinished event is dropped (spec).
   */
  end(): SseItem[] {
    if (this.partial.length > 0) {
      const tail = Buffer.concat(this.partial);
      this.partial = [];
      this.partialBytes = 0;
      this.line(tail, 0, tail.length);
    }
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    this.retry = undefined;
    return this.take();
  }

  private take(): SseItem[] {
    const items = this.out;
    this.out = [];
    return items;
  }

  /**
   * Splits bytes into lines at CRLF, LF or CR. Lines are read in place between two indexOf hits;
   * a chunk without CR (the usual case) is searched for one once.
   */
  private push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (bytes[0] === LF) start = 1;
    }
    let lf = bytes.indexOf(LF, start);
    let cr = bytes.indexOf(CR, start);
    for (;;) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      if (end < 0) break;
      if (this.partial.length === 0) {
        this.line(bytes, start, end);
      } else {
        this.partial.push(bytes.subarray(start, end));
        const line = Buffer.concat(this.partial);
        this.partial = [];
        this.partialBytes = 0;
        this.line(line, 0, line.length);
      }
      start = end + 1;
      if (end === cr) {
        // CR: a following LF belongs to it, even when it comes with the next chunk.
        if (start === bytes.length) this.pendingCR = true;
        else if (lf === start) start++;
        cr = bytes.indexOf(CR, start);
      } else if (start < bytes.length && bytes[start] === LF) {
        // LF LF, the end of nearly every event: the blank line needs no search.
        this.dispatch();
        start++;
      }
      if (lf >= 0 && lf < start) lf = bytes.indexOf(LF, start);
    }
    if (start < bytes.length) {
      this.partialBytes += bytes.length - start;
      if (this.partialBytes > this.maxLine) throw new SseLimitError('line', this.maxLine);
      this.partial.push(Buffer.from(bytes.subarray(start))); // a copy
    }
  }

  /** One line: bytes[start, end), which hold no line break. */
  private line(bytes: Buffer, start: number, end: number): void {
    if (end - start > this.maxLine) throw new SseLimitError('line', this.maxLine);
    if (this.firstLine) {
      this.firstLine = false;
      if (end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    }
    if (start === end) return this.dispatch();
    const first = bytes[start];
    if (first === COLON) return; // a comment
    // Fast path for the line nearly every event is made of: only the value is decoded.
    if (
      first === 100 /* d */ &&
      end - start >= 5 &&
      bytes[start + 1] === 97 /* a */ &&
      bytes[start + 2] === 116 /* t */ &&
      bytes[start + 3] === 97 /* a */ &&
      bytes[start + 4] === COLON
    ) {
      const valueStart = start + 5 < end && bytes[start + 5] === SPACE ? start + 6 : start + 5;
      return this.dataLine(bytes.toString('utf8', valueStart, end));
    }
    this.field(bytes.toString('utf8', start, end));
  }

  private field(line: string): void {
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
      return;
    }
    if ((this.hasData ? this.data.length + 1 : 0) + value.length > this.maxEvent) throw new SseLimitError('event', this.maxEvent);
    if (this.hasData) {
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

/** A Buffer over the same memory, for its fast indexOf and toString. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses a byte stream into SSE items, one batch per chunk read (empty batches are skipped): a
 * consumer that handles items synchronously then pays for one await per chunk, not per item.
 */
export async function* readSse(source: AsyncIterable<Uint8Array | string>, options?: SseOptions): AsyncGenerator<SseItem[]> {
  const parser = new SseParser(options);
  for await (const chunk of source) {
    const items = parser.feed(chunk);
    if (items.length > 0) yield items;
  }
  const items = parser.end();
  if (items.length > 0) yield items;
}
