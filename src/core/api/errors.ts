// Typed failures of ChutesClient. Every message is written for the user, quotes the server's own
// words where there are any, and passes through redact() so no key or seed can leak through it.
import { redact } from '../redact';

const EXCERPT_CHARS = 200;

/** Base class, so callers can tell our failures from programming errors. */
export abstract class ChutesClientError extends Error {
  protected constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
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
    const words = renderDetail(init.detail) || `HTTP ${init.status}`;
    super(`${words} (${init.status} from ${init.method} ${init.host}${init.path})`);
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
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
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
