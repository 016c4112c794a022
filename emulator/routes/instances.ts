// GET /instances/{instance_id}/logs?backfill= (API api/instance/router.py; events per SDK
// chutes/entrypoint/logger.py). The server proxies the pod's log stream; the emulator invents one.
import { currentUser } from '../auth';
import { HttpError, type Ctx } from '../http';
import { EventStream } from '../sse';
import { validateParams } from '../validation';

const LIVE_LINE_MS = 500;
const KEEPALIVE_EVERY = 4;

function logLine(chuteName: string, instanceId: string, n: number): string {
  const stamp = new Date(Date.UTC(2026, 4, 20, 10, 0, 0) + n * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const messages = [
    `INFO:     Started server process for ${chuteName}`,
    'INFO:     Waiting for application startup.',
    'INFO:     Application startup complete.',
    `INFO:     127.0.0.1 - "POST /_slurp HTTP/1.1" 200 OK (instance ${instanceId.slice(0, 8)})`,
    'INFO:     health check ok',
  ];
  return `${stamp} ${messages[n % messages.length]}`;
}

export async function streamInstanceLogs(ctx: Ctx): Promise<void> {
  const user = currentUser(ctx, { purpose: 'logs' });
  const { backfill } = validateParams<{ backfill: number }>({ backfill: { spec: { t: 'int' }, default: 100 } }, ctx.query);
  const id = ctx.params.instance_id;
  const chute = ctx.app.store.state.chutes.find((c) => c.instances.some((i) => i.instance_id === id));
  if (!chute) throw new HttpError(404, 'Instance not found.');
  if (chute.user_id !== user.user_id || chute.public) throw new HttpError(403, 'You may only view logs for your own (private) chutes.');
  if (backfill < 0 || backfill > 10000) throw new HttpError(400, '`backfill` must be between 0 and 10000 (lines of logs)');

  const stream = new EventStream(ctx, { 'x-accel-buffering': 'no' });
  if (!(await stream.data({ event: 'connected', filename: 'current' }))) return;
  // The pod keeps a short history; `backfill` caps how much of it is replayed.
  const history = Math.min(backfill, 20);
  for (let n = 0; n < history; n++) if (!(await stream.data({ log: logLine(chute.name, id, n) }))) return;
  for (let n = history, tick = 1; stream.open; n++, tick++) {
    await stream.pause(LIVE_LINE_MS);
    const ok = tick % KEEPALIVE_EVERY === 0 ? await stream.write('.\n') : await stream.data({ log: logLine(chute.name, id, n) });
    if (!ok) return;
  }
}
