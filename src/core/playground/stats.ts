// Per-reply numbers: time to first token, tokens per second after it, usage and cost from the
// model's prices (USD per million tokens, docs/platform.md §2.6).
import type { Usage } from '../api/types';
import type { Pricing, RunStats } from './protocol';

export interface Timing {
  startedAt: number;
  firstAt?: number;
  endedAt: number;
}

export function replyStats(timing: Timing, usage: Usage | undefined, countedTokens: number, pricing?: Pricing): RunStats {
  const completionTokens = usage?.completion_tokens ?? (countedTokens || undefined);
  const promptTokens = usage?.prompt_tokens;
  const ttftMs = timing.firstAt === undefined ? undefined : timing.firstAt - timing.startedAt;
  const streamingMs = timing.firstAt === undefined ? 0 : timing.endedAt - timing.firstAt;
  // The first token arrives at firstAt; the rest over the time after it.
  const tokensPerSecond = completionTokens && completionTokens > 1 && streamingMs > 0 ? ((completionTokens - 1) * 1000) / streamingMs : undefined;
  const costUsd =
    pricing && completionTokens !== undefined && promptTokens !== undefined
      ? (promptTokens * pricing.prompt + completionTokens * pricing.completion) / 1_000_000
      : undefined;
  return { ttftMs, totalMs: timing.endedAt - timing.startedAt, completionTokens, promptTokens, tokensPerSecond, costUsd, fromUsage: usage !== undefined };
}

/** "TTFT 120 ms · 42.0 tok/s · 9 + 31 tokens · $0.000012" */
export function formatStats(stats: RunStats): string {
  const parts: string[] = [];
  if (stats.ttftMs !== undefined) parts.push(`TTFT ${Math.round(stats.ttftMs)} ms`);
  if (stats.tokensPerSecond !== undefined) parts.push(`${stats.tokensPerSecond.toFixed(1)} tok/s`);
  if (stats.completionTokens !== undefined) {
    const counted = stats.fromUsage ? '' : ' (counted)';
    parts.push(stats.promptTokens !== undefined ? `${stats.promptTokens} + ${stats.completionTokens} tokens` : `${stats.completionTokens} tokens${counted}`);
  }
  if (stats.costUsd !== undefined) parts.push(`$${stats.costUsd.toPrecision(2)}`);
  parts.push(`${(stats.totalMs / 1000).toFixed(2)} s`);
  return parts.join(' · ');
}
