// Emulator-only controls under /_emulator/ (no auth; the emulator listens on loopback only).
import { HttpError, parseJson, sendJson, type Ctx } from '../http';
import { parseFault } from '../faults';
import { Router } from '../routing';

/** POST /_emulator/faults {"path": "/chutes/", "method"?: "GET", "host"?: "llm", "times"?: 1, "fault": {...}} */
async function addFault(ctx: Ctx): Promise<void> {
  const parsed = parseJson(ctx.body);
  const body = parsed.ok ? (parsed.value as Record<string, unknown>) : undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'Body must be a JSON object');
  const { path, method, host, times = 1 } = body;
  if (typeof path !== 'string' || !path.startsWith('/')) throw new HttpError(400, '`path` must be a path prefix starting with "/"');
  if (method !== undefined && typeof method !== 'string') throw new HttpError(400, '`method` must be a string');
  if (host !== undefined && typeof host !== 'string') throw new HttpError(400, '`host` must be a host label such as "api", "llm" or a chute slug');
  if (!Number.isInteger(times) || (times as number) < 1) throw new HttpError(400, '`times` must be an integer >= 1');
  const fault = parseFault(body.fault);
  if (typeof fault === 'string') throw new HttpError(400, `Invalid fault: ${fault}`);
  const rule = ctx.app.faults.add({ path, method: method?.toUpperCase() ?? null, host: host ?? null, remaining: times as number, fault });
  await sendJson(ctx, 201, rule);
}

export function adminRouter(reset: () => void): Router {
  return new Router()
    .add('POST', '/_emulator/faults', addFault)
    .add('GET', '/_emulator/faults', (ctx) => sendJson(ctx, 200, ctx.app.faults.list()))
    .add('DELETE', '/_emulator/faults', async (ctx) => {
      ctx.app.faults.clear();
      await sendJson(ctx, 200, { cleared: true });
    })
    .add('GET', '/_emulator/requests', (ctx) => sendJson(ctx, 200, { count: ctx.app.seen.length, requests: ctx.app.seen }))
    .add('DELETE', '/_emulator/requests', async (ctx) => {
      ctx.app.seen = [];
      await sendJson(ctx, 200, { cleared: true });
    })
    .add('POST', '/_emulator/reset', async (ctx) => {
      reset();
      await sendJson(ctx, 200, { reset: true });
    });
}
