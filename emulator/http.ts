// Request context and response writing. Every response goes through here so faults (malformed bodies,
// slow drip, cut connections) apply to all routes alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults';
import type { App } from './app';

/** FastAPI's HTTPException: rendered as {"detail": ...}. */
export class HttpError extends Error {
  constructor(public readonly status: number, public readonly detail: unknown, public readonly headers: Record<string, string> = {}) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

/** What the host middleware decides for API-key scope checks (API api/main.py host_router_middleware). */
export interface AuthTarget { action: 'read' | 'write' | 'delete' | 'invoke'; objectType: string; objectId: string }

export interface Ctx {
  app: App;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Percent-decoded path, as Starlette routes on it. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  /** sha256 hex of the body for POST/PUT/PATCH, else null (API request_body_checksum middleware). */
  bodySha256: string | null;
  target: AuthTarget;
  params: Record<string, string>;
  fault: Fault;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Write and wait until the data left for the socket, so a fault that destroys it loses nothing sent. */
export const flushWrite = (res: ServerResponse, data: string | Buffer): Promise<void> =>
  new Promise((resolve) => res.write(data, () => resolve()));

export function header(ctx: Ctx, name: string): string | undefined {
  const value = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  let bytes = Buffer.from(JSON.stringify(body));
  if (ctx.fault.malformed) bytes = Buffer.concat([bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), Buffer.from('\u0000')]);
  return sendBytes(ctx, status, bytes, { 'content-type': 'application/json', ...headers });
}

/** Starlette appends the charset to text/* media types that lack one. */
export function sendText(ctx: Ctx, status: number, text: string, contentType = 'text/plain', headers: Record<string, string> = {}): Promise<void> {
  const type = contentType.startsWith('text/') && !/charset=/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
  return sendBytes(ctx, status, Buffer.from(text), { 'content-type': type, ...headers });
}

export async function sendBytes(ctx: Ctx, status: number, bytes: Buffer, headers: Record<string, string>): Promise<void> {
  const { res, fault } = ctx;
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  if (fault.cutAfterEvents !== undefined) {
    await flushWrite(res, bytes.subarray(0, Math.floor(bytes.length / 2)));
    res.socket?.destroy();
    return;
  }
  if (fault.dripMs) {
    for (let i = 0; i < bytes.length && !res.destroyed; i += 16) {
      if (i) await sleep(fault.dripMs);
      res.write(bytes.subarray(i, i + 16));
    }
  } else {
    res.write(bytes);
  }
  res.end();
}

export function sendError(ctx: Ctx, err: HttpError): Promise<void> {
  return sendJson(ctx, err.status, { detail: err.detail }, err.headers);
}

/** Deeper bodies are refused before parsing: walking them later would overflow the stack (a 500). */
const MAX_JSON_DEPTH = 512;

/** Where a JSON text first nests deeper than MAX_JSON_DEPTH, or -1; one pass, strings skipped. */
function tooDeepAt(body: Buffer): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return -1;
}

/** Parse a JSON request body; FastAPI-style failures are produced by the caller. */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; error: string; position: number } {
  const deep = tooDeepAt(body);
  if (deep >= 0) return { ok: false, error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, position: deep };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (err) {
    const message = (err as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return { ok: false, error: message, position };
  }
}
