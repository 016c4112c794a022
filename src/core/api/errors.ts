// Typed failures of ChutesClient. Every message is written for the user, quotes the server's own
// words where there are any, and passes through redact() so no key or seed can leak through it.
import { redact } from '../redact';

const EXCERPT_CHARS = 200;
/** Only this much of a body is looked at for an excerpt: the tag-stripping regexes stay cheap. */
const EXCERPT_SCAN_CHARS = 4096;
/** The server's words in a message; a 5 MB `detail` must not reach a notification whole. */
const DETAIL_CHARS = 1000;
/** Any message, clipped before redaction so no regex runs over megabytes. */
const MESSAGE_CHARS = 2000;

/** Base class, so callers can tell our failures from programming errors. */
export abstract class ChutesClientError extends Error {
  protected constructor(message: string, options?: { cause?: unknown }) {
    super(redact(clip(message, MESSAGE_CHARS)), options);
    this.name = new.target.name;
  }
}

/** One entry of a FastAPI 422 body: `{"detail": [{type, loc, msg, input}]}`. */
export interface ValidationIssue {
  type?: string;
  loc?: Array<string | number>;
  msg?: string;
  input?: unknown;
}

/** What `detail` may hold: a string, a 422 list, or an object (quota 402, upstream errors). */
export type ErrorDetail = string | ValidationIssue[] | Record<string, unknown> | null;

export interface ApiErrorInit {
  status: number;
  detail: ErrorDetail;
  method: string;
  path: string;
  host: string;
  invocationId?: string;
  /** Raw Retry-After header, interpreted by retry.ts. */
  retryAfter?: string;
  /** The address really dialled (connect-to target), when it is not `host`. */
  via?: string;
}

/** A non-2xx answer. `message` is the server's detail followed by where it came from. */
export class ChutesApiError extends ChutesClientError {
  readonly status: number;
  readonly detail: ErrorDetail;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly invocationId?: string;
  readonly retryAfter?: string;

  constructor(init: ApiErrorInit) {
    const words = clip(renderDetail(init.detail), DETAIL_CHARS) || `HTTP ${init.status}`;
    // Where the answer really came from, after the usual "(status from METHOD host/path)".
    const via = init.via ? `, reached via ${init.via}` : '';
    super(`${words} (${init.status} from ${init.method} ${init.host}${init.path})${via}`);
    this.status = init.status;
    this.detail = init.detail;
    this.method = init.method;
    this.path = init.path;
    this.host = init.host;
    this.invocationId = init.invocationId;
    this.retryAfter = init.retryAfter;
  }
}

/** The TCP/TLS connection failed or broke before a response arrived. */
export class NetworkError extends ChutesClientError {
  readonly code: string;
  readonly host: string;
  /** The address really dialled (connect-to target or proxy), when it is not `host`. */
  readonly target?: string;

  constructor(code: string, host: string, options: { target?: string; via?: 'connect-to' | 'proxy'; detail?: string; cause?: unknown } = {}) {
    const where = options.target ? `${options.target} (${options.via ?? 'connect-to'} for ${host})` : host;
    const what = codeWords[code] ?? (options.detail ? `${options.detail} (${code})` : code);
    super(`Could not reach ${where}: ${what}. ${networkHint(code, options.via)}`, { cause: options.cause });
    this.code = code;
    this.host = host;
    this.target = options.target;
  }
}

export class TimeoutError extends ChutesClientError {
  constructor(
    readonly timeoutMs: number,
    readonly phase: 'response' | 'stream',
    readonly host: string,
  ) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    super(
      phase === 'response'
        ? `${host} did not answer within ${seconds} s.`
        : `The stream from ${host} was silent for more than ${seconds} s.`,
    );
  }
}

export class CancelledError extends ChutesClientError {
  constructor() {
    super('Cancelled.');
  }
}

/** The call needs credentials we do not have, or a kind the route does not accept. */
export class AuthRequiredError extends ChutesClientError {
  constructor(
    readonly reason: 'signed-out' | 'api-key-only',
    method: string,
    path: string,
  ) {
    super(
      reason === 'signed-out'
        ? `${method} ${path} needs Chutes credentials: set an API key, or register a hotkey with \`chutes register\`.`
        : `${method} ${path} accepts only an API key: the server takes no hotkey signature on this route. Set an API key to use it.`,
    );
  }
}

/** A 2xx (or error) body that is not what its content type promised. */
export class MalformedResponseError extends ChutesClientError {
  constructor(
    readonly status: number,
    readonly host: string,
    readonly problem: string,
    body: string,
  ) {
    super(`${host} answered ${status} with ${problem}: ${excerpt(body) || '(empty body)'}`);
  }
}

/** A stream that broke: cut before its end, or an error reported by the server mid-stream. */
export class StreamError extends ChutesClientError {
  constructor(
    readonly reason: 'cut' | 'server',
    readonly host: string,
    serverMessage?: string,
    cause?: unknown,
  ) {
    super(
      reason === 'server'
        ? `${host} reported an error mid-stream: ${serverMessage ?? 'unknown error'}`
        : `The stream from ${host} ended before it was complete${serverMessage ? ` (${serverMessage})` : ''}.`,
      { cause },
    );
  }
}

/**
 * A request refused before anything was sent, because of where it would go (docs/trust.md):
 * - 'insecure': plain http to a host that is not loopback, or a connect-to that turns https into http;
 * - 'declined': credentials for a host the user did not confirm;
 * - 'endpoint': an endpoint setting that is not what it must be (a platform domain with a scheme, …).
 */
export class UntrustedEndpointError extends ChutesClientError {
  constructor(
    readonly reason: 'insecure' | 'declined' | 'endpoint',
    readonly host: string,
    message: string,
  ) {
    super(message);
  }
}

/** A response larger than the client reads: a body, an SSE line or event, or the headers. */
export class ResponseTooLargeError extends ChutesClientError {
  constructor(
    readonly part: 'body' | 'line' | 'event' | 'headers',
    readonly host: string,
    readonly limitBytes: number,
  ) {
    const what = { body: 'a response body', line: 'a stream line', event: 'a stream event', headers: 'response headers' }[part];
    super(`${host} sent ${what} larger than ${formatBytes(limitBytes)}; it was not read further.`);
  }
}

/** An id or name that cannot be one path segment (or several, for names with `/`). */
export class InvalidIdError extends ChutesClientError {
  constructor(readonly value: string) {
    super(`"${value}" is not a valid id or name: empty, "." and ".." path segments are refused.`);
  }
}

/** Renders any `detail` value as readable text, never "[object Object]". */
export function renderDetail(detail: unknown): string {
  if (detail == null) return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'number' || typeof detail === 'boolean') return String(detail);
  if (Array.isArray(detail)) return detail.map(renderIssue).join('; ');
  if (typeof detail === 'object') {
    const record = detail as Record<string, unknown>;
    if (typeof record.message === 'string') {
      const extras = Object.entries(record)
        .filter(([key, value]) => key !== 'message' && value != null && typeof value !== 'object')
        .map(([key, value]) => `${key}: ${String(value)}`);
      return extras.length ? `${record.message} (${extras.join(', ')})` : record.message;
    }
    if ('detail' in record) return renderDetail(record.detail);
    if (typeof record.error === 'string') return record.error;
    return compactJson(record);
  }
  return '';
}

function renderIssue(issue: unknown): string {
  if (issue && typeof issue === 'object' && typeof (issue as ValidationIssue).msg === 'string') {
    const { loc, msg } = issue as ValidationIssue;
    return Array.isArray(loc) && loc.length ? `${loc.join('.')}: ${msg}` : String(msg);
  }
  return typeof issue === 'string' ? issue : compactJson(issue);
}

function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** A short single-line excerpt of a body, HTML tags stripped (proxies answer with HTML pages). */
export function excerpt(body: string): string {
  const text = body
    .slice(0, EXCERPT_SCAN_CHARS)
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

/** A failure code in words, e.g. for a stream cut by UND_ERR_SOCKET. */
export function describeCode(code: string): string {
  return codeWords[code] ?? code;
}

const codeWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  ENOTFOUND: 'host name not found (ENOTFOUND)',
  EAI_AGAIN: 'DNS lookup failed (EAI_AGAIN)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  ENETUNREACH: 'network unreachable (ENETUNREACH)',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
};

function networkHint(code: string, via?: 'connect-to' | 'proxy'): string {
  if (via === 'proxy') return 'Check the proxy settings (http.proxy, HTTPS_PROXY, NO_PROXY).';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Check the host name in the Chutes settings and your DNS.';
  if (code === 'ECONNREFUSED') return 'Nothing is listening there: check the API base URL or connect-to setting (is the emulator running?).';
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return 'The TLS certificate was not accepted.';
  return 'Check your network and proxy settings.';
}
