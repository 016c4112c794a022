// Streaming responses (SSE and the build-log line stream), with the stream faults applied per event.
import { flushWrite, sleep, type Ctx } from './http';

export class EventStream {
  private sent = 0;
  private malformedDone = false;
  private finished = false;

  constructor(private readonly ctx: Ctx, headers: Record<string, string>, status = 200) {
    ctx.res.writeHead(status, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
    ctx.res.flushHeaders();
  }

  /** False once the client went away or a fault ended the stream: producers stop then. */
  get open(): boolean {
    return !this.finished && !this.ctx.res.destroyed && !this.ctx.res.writableEnded;
  }

  /** Write one event (or line) exactly as given. */
  async write(unit: string): Promise<boolean> {
    const { fault, res } = this.ctx;
    if (!this.open) return false;
    if (fault.dripMs && this.sent > 0) {
      await sleep(fault.dripMs);
      if (!this.open) return false;
    }
    if (fault.streamError !== undefined && this.sent >= (fault.streamErrorAfter ?? 1)) {
      // The API's own mid-stream failure: one raw JSON object, not SSE-framed (docs/platform.md §2.6).
      res.end(JSON.stringify({ error: `Unhandled exception during response stream: ${fault.streamError}` }));
      this.finished = true;
      return false;
    }
    if (fault.cutAfterEvents !== undefined && this.sent >= fault.cutAfterEvents) {
      res.socket?.destroy();
      this.finished = true;
      return false;
    }
    await flushWrite(res, this.corrupt(unit));
    this.sent += 1;
    return true;
  }

  /** An SSE event: `data: <payload>` and a blank line. */
  data(payload: unknown): Promise<boolean> {
    return this.write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
  }

  end(): void {
    if (this.open) this.ctx.res.end();
    this.finished = true;
  }

  /** Wait between events, cut short when the client goes away. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.ctx.res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.ctx.res.once('close', done);
    });
  }

  private corrupt(unit: string): string {
    if (!this.ctx.fault.malformed || this.malformedDone) return unit;
    const match = /^data: (\{.*)$/s.exec(unit);
    if (!match) return unit;
    this.malformedDone = true;
    return `data: ${match[1].slice(0, Math.max(1, Math.floor(match[1].length / 2)))}\n\n`;
  }
}
