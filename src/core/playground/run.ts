// One playground run against one target, through ChutesClient: chat streams (chunks of each network
// read passed on together), cords by content type (JSON, text, image, stream), retries of 429/503
// before anything arrived (with the wait announced, so the panel can count down), and the stats of
// the reply. Cancelling the signal aborts the HTTP request at once.
import type { ChutesClient, RequestOptions } from '../api/client';
import { ChutesApiError } from '../api/errors';
import { withRetry, type RetryClock, type RetryPolicy } from '../api/retry';
import type { ChatCompletionChunk, ChatMessage, ChatRequest, CordResult, Usage } from '../api/types';
import type { ChatParams, CordReply, RunInput, RunStats, Target } from './protocol';
import { replyStats } from './stats';

export interface RunSink {
  /** Text as it arrives (a chat's deltas, a stream's raw text or one line per SSE event). */
  chunk(text: string): void;
  /** A cord's whole answer. */
  reply(reply: CordReply): void;
  /** Waiting before a retry, with the server's words. */
  waiting(message: string, retryInSeconds: number): void;
}

export interface RunOptions {
  signal: AbortSignal;
  /** Extra headers for platform targets (X-TEE-Only). */
  headers?: Record<string, string>;
  /** Epistula headers over the exact body, for an endpoint target that asks for them. */
  sign?: (body: Uint8Array) => Promise<Record<string, string>>;
  now?: () => number;
  retryPolicy?: RetryPolicy;
  clock?: RetryClock;
}

export interface RunResult {
  text: string;
  stats: RunStats;
}

/** The OpenAI chat body for the panel's parameters (only what the user set). */
export function chatBody(params: ChatParams): Omit<ChatRequest, 'model'> & { messages: ChatMessage[] } {
  const messages = [...(params.system.trim() ? [{ role: 'system', content: params.system }] : []), { role: 'user', content: params.prompt }];
  const body: Omit<ChatRequest, 'model'> & { messages: ChatMessage[] } = { messages };
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.maxTokens !== undefined) body.max_tokens = params.maxTokens;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.stop.length) body.stop = params.stop;
  return body;
}

/** Status codes the panel waits out before giving up: overload and a cold chute (docs/platform.md §2.6). */
const PLAYGROUND_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, statuses: new Set([429, 503]) };

export async function runTarget(client: ChutesClient, target: Target, input: RunInput, sink: RunSink, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const retry = <T>(attempt: () => Promise<T>) =>
    withRetry(attempt, {
      method: 'POST',
      // Nothing was served yet: the server refused before running anything, so asking again is safe.
      retryNonIdempotent: true,
      policy: options.retryPolicy ?? PLAYGROUND_RETRY,
      clock: options.clock,
      signal: options.signal,
      onRetry: ({ delayMs, error }) => sink.waiting(retryMessage(error), Math.max(1, Math.ceil(delayMs / 1000))),
    });

  if (target.kind === 'llm' || target.kind === 'endpoint') {
    if (input.kind !== 'chat') throw new RangeError('A chat target takes chat parameters.');
    const request: RequestOptions =
      target.kind === 'endpoint' ? { endpoint: { origin: target.origin, sign: target.epistula ? options.sign : undefined } } : { headers: options.headers };
    const body = { model: target.model, ...chatBody(input.params) };
    const first = await retry(async () => {
      const batches = client.chatChunkBatches(body, options.signal, request);
      return { batches, step: await batches.next() };
    });
    let text = '';
    let counted = 0;
    let firstAt: number | undefined;
    let usage: Usage | undefined;
    const take = (chunks: ChatCompletionChunk[]) => {
      let piece = '';
      for (const chunk of chunks) {
        if (chunk.usage) usage = chunk.usage;
        const delta = chunk.choices[0]?.delta?.content;
        if (typeof delta === 'string' && delta) {
          piece += delta;
          counted++;
        }
      }
      if (piece) {
        firstAt ??= now();
        text += piece;
        sink.chunk(piece);
      }
    };
    if (!first.step.done) take(first.step.value);
    for await (const chunks of first.batches) {
      if (options.signal.aborted) break;
      take(chunks);
    }
    const pricing = target.kind === 'llm' ? target.pricing : undefined;
    return { text, stats: replyStats({ startedAt, firstAt, endedAt: now() }, usage, counted, pricing) };
  }

  if (input.kind !== 'cord') throw new RangeError('A cord takes a JSON body.');
  const request: RequestOptions =
    target.kind === 'local' ? { endpoint: { origin: target.origin } } : { headers: options.headers, template: target.template };
  const route = { public_api_path: target.cord.path, public_api_method: target.cord.method, stream: target.cord.stream };
  const slug = target.kind === 'cord' ? target.slug : 'local';
  const result = await retry(() => client.invokeCord(slug, route, input.body, options.signal, request));
  if (result.kind !== 'stream') {
    const firstAt = now();
    const reply = cordReply(result);
    sink.reply(reply);
    return { text: replyText(reply), stats: replyStats({ startedAt, firstAt, endedAt: firstAt }, undefined, 0) };
  }
  let text = '';
  let firstAt: number | undefined;
  for await (const data of result.chunks) {
    const piece = result.format === 'sse' ? `${data}\n` : data;
    firstAt ??= now();
    text += piece;
    sink.chunk(piece);
  }
  return { text, stats: replyStats({ startedAt, firstAt, endedAt: now() }, undefined, 0) };
}

function cordReply(result: Exclude<CordResult, { kind: 'stream' }>): CordReply {
  if (result.kind === 'json') return { kind: 'json', value: result.value };
  if (result.kind === 'text') return { kind: 'text', text: result.text };
  const contentType = result.contentType.split(';')[0].trim() || 'application/octet-stream';
  if (/^image\/(png|jpeg|gif|webp)$/i.test(contentType)) return { kind: 'image', contentType, base64: Buffer.from(result.bytes).toString('base64') };
  return { kind: 'bytes', contentType, size: result.bytes.length };
}

/** A cord reply as history text. */
export function replyText(reply: CordReply): string {
  switch (reply.kind) {
    case 'json':
      return JSON.stringify(reply.value, null, 2);
    case 'text':
      return reply.text;
    case 'image':
      return `(${reply.contentType} image, ${Math.round((reply.base64.length * 3) / 4)} bytes)`;
    case 'bytes':
      return `(${reply.size} bytes of ${reply.contentType})`;
  }
}

function retryMessage(error: unknown): string {
  if (error instanceof ChutesApiError) {
    const what = error.status === 429 ? 'The platform is busy (429)' : `The chute is not ready (${error.status})`;
    return `${what}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
