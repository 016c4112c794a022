// Retry with exponential backoff and full jitter. Pure: clock, randomness and sleep are injected,
// so the policy is unit-tested without timers. Only idempotent calls are retried unless the caller
// opts in; a deploy (POST) is never repeated behind the user's back (docs/architecture.md: one network path).
import { CancelledError, ChutesApiError, NetworkError } from './errors';

export interface RetryPolicy {
  /** Total attempts, including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap of the computed backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the user instead. */
  maxRetryAfterMs: number;
  statuses: ReadonlySet<number>;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  statuses: new Set([429, 502, 503]),
};

export interface RetryClock {
  now(): number;
  random(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError());
      const onAbort = () => {
        clearTimeout(timer);
        reject(new CancelledError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

// PUT is idempotent in HTTP terms, but a chute update also restarts instances: keep it opt-in.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Full jitter: uniform in [0, min(max, base * 2^retry)]. `retry` counts from 0. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random * ceiling);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. Undefined when unusable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - nowMs);
}

/** How long to wait before the next attempt, or undefined when `error` must not be retried. */
export function retryDelay(error: unknown, retry: number, policy: RetryPolicy, clock: RetryClock): number | undefined {
  if (retry + 1 >= policy.maxAttempts) return undefined;
  if (error instanceof NetworkError) return backoffDelay(retry, policy, clock.random());
  if (!(error instanceof ChutesApiError) || !policy.statuses.has(error.status)) return undefined;
  const serverDelay = parseRetryAfter(error.retryAfter, clock.now());
  if (serverDelay === undefined) return backoffDelay(retry, policy, clock.random());
  return serverDelay <= policy.maxRetryAfterMs ? serverDelay : undefined;
}

export interface RetryOptions {
  method: string;
  /** Retry a non-idempotent call too (only when the caller knows repeating it is harmless). */
  retryNonIdempotent?: boolean;
  policy?: RetryPolicy;
  clock?: RetryClock;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Runs `attempt` until it succeeds, fails with something not retryable, or attempts run out. */
export async function withRetry<T>(attempt: (index: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  const clock = options.clock ?? systemClock;
  const retryable = options.retryNonIdempotent || isIdempotent(options.method);
  for (let index = 0; ; index++) {
    if (options.signal?.aborted) throw new CancelledError();
    try {
      return await attempt(index);
    } catch (error) {
      const delayMs = retryable ? retryDelay(error, index, policy, clock) : undefined;
      if (delayMs === undefined) throw error;
      options.onRetry?.({ attempt: index + 1, delayMs, error });
      await clock.sleep(delayMs, options.signal);
    }
  }
}
