import { describe, expect, it } from 'vitest';
import { CancelledError, ChutesApiError, NetworkError } from '../../../src/core/api/errors';
import { backoffDelay, defaultRetryPolicy, isIdempotent, parseRetryAfter, retryDelay, systemClock, withRetry, type RetryClock } from '../../../src/core/api/retry';

const NOW = Date.parse('2026-05-20T10:00:00Z');
const apiError = (status: number, retryAfter?: string) =>
  new ChutesApiError({ status, detail: 'x', method: 'GET', path: '/', host: 'h', retryAfter });

function fakeClock(random = 0.5): RetryClock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => NOW, random: () => random, sleep: async (ms) => void slept.push(ms) };
}

describe('retry policy', () => {
  it('uses full jitter under an exponential, capped ceiling', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, defaultRetryPolicy, 0.999999))).toEqual([499, 999, 1999, 3999, 7999, 7999]);
    expect(backoffDelay(3, defaultRetryPolicy, 0)).toBe(0);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW + 3000).toUTCString(), NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW - 3000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });

  it('retries 429/502/503 and network errors, not other failures', () => {
    const clock = fakeClock();
    for (const status of [429, 502, 503]) expect(retryDelay(apiError(status), 0, defaultRetryPolicy, clock)).toBe(250);
    expect(retryDelay(new NetworkError('ECONNRESET', 'h'), 1, defaultRetryPolicy, clock)).toBe(500);
    for (const status of [400, 401, 404, 409, 500]) expect(retryDelay(apiError(status), 0, defaultRetryPolicy, clock)).toBeUndefined();
    expect(retryDelay(new Error('bug'), 0, defaultRetryPolicy, clock)).toBeUndefined();
  });

  it('honours Retry-After, but gives up when it is longer than the policy allows', () => {
    const clock = fakeClock();
    expect(retryDelay(apiError(429, '12'), 0, defaultRetryPolicy, clock)).toBe(12_000);
    expect(retryDelay(apiError(429, '3600'), 0, defaultRetryPolicy, clock)).toBeUndefined();
  });

  it('treats only GET/HEAD/DELETE/OPTIONS as idempotent', () => {
    expect(['GET', 'head', 'DELETE', 'OPTIONS'].every(isIdempotent)).toBe(true);
    expect(['POST', 'PUT', 'PATCH'].some(isIdempotent)).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries an idempotent call until it succeeds, waiting as told', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw calls === 1 ? apiError(503, '2') : new NetworkError('ECONNRESET', 'h');
        return 'ok';
      },
      { method: 'GET', clock },
    );
    expect(result).toBe('ok');
    expect(clock.slept).toEqual([2000, 500]);
  });

  it('stops after maxAttempts and throws the last error', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw apiError(502); }, { method: 'GET', clock })).rejects.toMatchObject({ status: 502 });
    expect(calls).toBe(defaultRetryPolicy.maxAttempts);
  });

  it('never retries a POST unless the caller opts in', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw apiError(503); }, { method: 'POST', clock })).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw apiError(503); }, { method: 'POST', clock, retryNonIdempotent: true })).rejects.toThrow();
    expect(calls).toBe(defaultRetryPolicy.maxAttempts);
  });

  it('is cancelled by the signal while it waits', async () => {
    const controller = new AbortController();
    const clock: RetryClock = { ...systemClock, random: () => 1 };
    const started = Date.now();
    const run = withRetry(async () => { throw apiError(429, '30'); }, { method: 'GET', clock, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports each retry', async () => {
    const seen: number[] = [];
    let calls = 0;
    await withRetry(async () => { if (++calls < 2) throw apiError(429, '1'); }, { method: 'GET', clock: fakeClock(), onRetry: (i) => seen.push(i.delayMs) });
    expect(seen).toEqual([1000]);
  });
});
