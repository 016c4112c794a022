// The request pipeline: emulator admin routes, faults, body, host routing, then the route; errors become
// FastAPI-style {"detail": ...} responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from './app';
import { sha256Hex } from './auth';
import { advanceBuilds } from './builds';
import { defaultFaultDetail, parseFault, type Fault } from './faults';
import { hostLabel, routeHost } from './hosts';
import { HttpError, header, sendError, sendJson, sleep, type Ctx } from './http';
import { handleChuteHost } from './invoke';
import { handleAggregator } from './llm';
import type { Router } from './routing';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The whole body; an oversized one is drained (so the 413 can still be sent) and refused. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES ? reject(new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function createHandler(app: App, api: Router, admin: Router) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodePath(url.pathname);
    const label = hostLabel(req.headers.host);
    const ctx: Ctx = {
      app, req, res, method, path, query: url.searchParams, body: Buffer.alloc(0), bodySha256: null,
      target: { action: 'read', objectType: '', objectId: '' }, params: {}, fault: {},
    };
    try {
      ctx.body = await readBody(req);
      if (path.startsWith('/_emulator/')) {
        // A web page (an Origin) or a rebound DNS name (a Host) must not inject faults or reset state.
        if (!isLoopbackAuthority(req.headers.host) || (req.headers.origin !== undefined && !isLoopbackOrigin(req.headers.origin))) {
          throw new HttpError(403, 'The emulator controls answer loopback requests only (Host and Origin must be 127.0.0.1, localhost or [::1]).');
        }
        return await admin.resolve(ctx)(ctx);
      }
      app.record({ method, path, host: label });
      const fault = takeFault(ctx, label);
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status) {
        const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
        return await sendJson(ctx, fault.status, { detail: fault.detail ?? defaultFaultDetail(fault.status) }, headers);
      }
      ctx.fault = fault;
      if (['POST', 'PUT', 'PATCH'].includes(method)) ctx.bodySha256 = sha256Hex(ctx.body);
      if (advanceBuilds(app.store, Date.now())) app.store.save();
      const { route, target } = routeHost(app.store, method, path, label);
      ctx.target = target;
      if (route.kind === 'chute') await handleChuteHost(ctx, route.chute);
      else if (route.kind === 'aggregator') await handleAggregator(ctx, route.aggregator);
      else await api.resolve(ctx)(ctx);
    } catch (err) {
      if (res.headersSent || res.destroyed || !res.socket || res.socket.destroyed) {
        res.destroy(); // mid-stream or the client left: nothing can be reported any more
        return;
      }
      if (err instanceof HttpError) return void (await sendError(ctx, err));
      console.error('[chutes-emulator] unhandled error:', err);
      await sendJson(ctx, 500, { detail: 'Internal Server Error' });
    }
  };
}

/** `127.0.0.1:8787`, `localhost`, `[::1]:80`: a Host header naming this machine. */
function isLoopbackAuthority(authority: string | undefined): boolean {
  const host = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec((authority ?? '').toLowerCase())?.[1];
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host ?? '');
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackAuthority(url.host);
  } catch {
    return false;
  }
}

/** A rule from POST /_emulator/faults and the X-Emulator-Fault header, the header winning per key. */
function takeFault(ctx: Ctx, label: string | null): Fault {
  const rule = ctx.app.faults.take(ctx.method, ctx.path, label);
  const raw = header(ctx, 'x-emulator-fault');
  const fromHeader = raw === undefined ? {} : parseFault(raw);
  if (typeof fromHeader === 'string') throw new HttpError(400, `Invalid X-Emulator-Fault header: ${fromHeader}`);
  return { ...rule, ...fromHeader };
}
