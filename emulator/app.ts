// Everything a request handler can reach: state, settings, faults and the global rate-limit windows.
import { FaultRegistry } from './faults';
import { HttpError } from './http';
import type { Store } from './store';

export interface AppSettings {
  tokensPerSecond: number;
  /** Duration of an image build from upload to `built and pushed`. */
  buildMs: number;
  /** Gap between the `cold` events of GET /chutes/warmup (the server waits about 5 s per round). */
  warmupStepMs: number;
  /** Cold events sent before a warming chute turns hot. */
  warmupColdEvents: number;
}

/** A request the API handled, as GET /_emulator/requests lists it (tests count requests with it). */
export interface SeenRequest { method: string; path: string; host: string | null }
const MAX_SEEN = 10_000;

export class App {
  readonly faults = new FaultRegistry();
  /** Requests to the API hosts since the last reset, oldest first (emulator-only). */
  seen: SeenRequest[] = [];
  private windows = new Map<string, { start: number; count: number }>();

  constructor(public store: Store, public readonly settings: AppSettings) {}

  /** api/rate_limit.py: a fixed one-minute window per endpoint key, global rather than per user. */
  rateLimit(key: string, perMinute: number): void {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > perMinute) throw new HttpError(429, 'Rate limit exceeded. Try again later.');
  }

  record(request: SeenRequest): void {
    this.seen.push(request);
    if (this.seen.length > MAX_SEEN) this.seen.splice(0, this.seen.length - MAX_SEEN);
  }

  resetRateLimits(): void {
    this.windows.clear();
  }
}
