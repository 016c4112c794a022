// Injected faults (emulator/README.md) and what the client makes of them: cut and failed streams,
// malformed bodies, retries only where repeating is safe, cancellation, refused connections and
// timeouts.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, MalformedResponseError, NetworkError, StreamError, TimeoutError } from '../../../../src/core/api/errors';
import type { ChatCompletionChunk } from '../../../../src/core/api/types';
import { FAST_RETRY, apiError, apiKeyOf, collect, failure, useEmulator } from './setup';

const emu = useEmulator();
const CHAT = { path: '/v1/chat/completions', host: 'llm' };
const chatRequest = { model: 'unsloth/Llama-3.2-1B-Instruct', messages: [{ role: 'user', content: 'Tell me about chutes' }] };

afterEach(async () => {
  await emu.reset();
  emu.retries.length = 0;
});

/** Streams a chat, keeping what arrived before the stream failed. */
async function chatUntilFailure(): Promise<{ chunks: ChatCompletionChunk[]; error: Error }> {
  const chunks: ChatCompletionChunk[] = [];
  const error = await failure(
    (async () => {
      for await (const chunk of emu.apiKey.streamChat(chatRequest)) chunks.push(chunk);
    })(),
  );
  return { chunks, error };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('broken streams and bodies', () => {
  it('reports a chat cut after three events as a cut StreamError, after delivering those three', async () => {
    await emu.fault({ ...CHAT, fault: { cutAfterEvents: 3 } });
    const { chunks, error } = await chatUntilFailure();
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ name: 'StreamError', reason: 'cut', host: 'llm.chutes.ai' });
    expect(error.message).toContain('The stream from llm.chutes.ai ended before it was complete');
  });

  it('reports a cut warmup stream and a JSON body cut mid-way as cut too', async () => {
    await emu.fault({ path: '/chutes/warmup/', fault: { cutAfterEvents: 1 } });
    const events: string[] = [];
    const error = await failure((async () => {
      for await (const event of emu.apiKey.warmup('stabilityai/sdxl-turbo')) events.push(event.status);
    })());
    expect(events).toEqual(['cold']);
    expect(error).toMatchObject({ name: 'StreamError', reason: 'cut' });

    await emu.fault({ path: '/users/me', fault: { cutAfterEvents: 0 } });
    expect(await failure(emu.apiKey.me())).toMatchObject({ name: 'StreamError', reason: 'cut', host: 'api.chutes.ai' });
  });

  it('turns the server\'s raw mid-stream error object into a StreamError with its words', async () => {
    await emu.fault({ ...CHAT, fault: { streamError: 'CUDA out of memory', streamErrorAfter: 2 } });
    const { chunks, error } = await chatUntilFailure();
    expect(chunks).toHaveLength(2);
    expect(error).toBeInstanceOf(StreamError);
    expect(error).toMatchObject({ reason: 'server', host: 'llm.chutes.ai' });
    expect(error.message).toBe('llm.chutes.ai reported an error mid-stream: Unhandled exception during response stream: CUDA out of memory');
  });

  it('does the same for a streaming cord', async () => {
    await emu.fault({ path: '/stream', host: 'demo-demo-echo', fault: { streamError: 'boom' } });
    const result = await emu.apiKey.invokeCord('demo-demo-echo', { public_api_path: '/stream', public_api_method: 'POST', stream: true }, { text: 'a b c' });
    if (result.kind !== 'stream') throw new Error('expected a stream');
    const seen: string[] = [];
    const error = await failure((async () => {
      for await (const data of result.chunks) seen.push(data);
    })());
    expect(seen.map((d) => JSON.parse(d) as unknown)).toEqual([{ word: 'a', index: 0 }]);
    expect(error).toMatchObject({ name: 'StreamError', reason: 'server' });
    expect(error.message).toContain('Unhandled exception during response stream: boom');
  });

  it('reports a truncated JSON body as a MalformedResponseError with status and host', async () => {
    await emu.fault({ path: '/users/me', fault: { malformed: true } });
    const error = await failure(emu.hotkey.me());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ name: 'MalformedResponseError', status: 200, host: 'api.chutes.ai' });
    expect(error.message).toContain('api.chutes.ai answered 200 with a body that is not valid JSON: {"username":"demo"');
  });

  it('reports a truncated first chat event as a MalformedResponseError', async () => {
    await emu.fault({ ...CHAT, fault: { malformed: true } });
    const { chunks, error } = await chatUntilFailure();
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain('llm.chutes.ai answered 200 with a body that is not valid JSON: {"id":"chatcmpl-');
  });
});

describe('retries', () => {
  it.each([429, 502, 503])('retries an injected %i on idempotent GETs until they succeed', async (status) => {
    await emu.fault({ path: '/chutes/', method: 'GET', times: 2, fault: { status } });
    expect((await emu.apiKey.getChute('demo-echo')).slug).toBe('demo-demo-echo');
    expect(emu.retries).toEqual(['GET /chutes/demo-echo', 'GET /chutes/demo-echo']);
  });

  it('retries a DELETE too', async () => {
    const { chute_id } = await emu.apiKey.getChute('demo-batch-11');
    await emu.fault({ path: '/chutes/', method: 'DELETE', fault: { status: 502 } });
    expect(await emu.hotkey.deleteChute(chute_id)).toEqual({ chute_id, deleted: true });
    expect(emu.retries).toEqual([`DELETE /chutes/${chute_id}`]);
  });

  it('gives up after the policy\'s attempts with the last server words', async () => {
    await emu.fault({ path: '/pricing', times: 5, fault: { status: 503 } });
    await apiError(emu.apiKey.pricing(), 503, 'Service Unavailable (503 from GET api.chutes.ai/pricing)');
    expect(emu.retries).toHaveLength(FAST_RETRY.maxAttempts - 1);
    expect((await emu.pendingFaults()).map((f) => f.remaining)).toEqual([5 - FAST_RETRY.maxAttempts]);
  });

  it('waits the Retry-After the server sends, and leaves one too long to the caller', async () => {
    const slept: number[] = [];
    const patient = emu.client(apiKeyOf(emu.demo), {}, {
      retryPolicy: { ...FAST_RETRY, maxRetryAfterMs: 5_000 },
      clock: { now: Date.now, random: () => 0.5, sleep: async (ms) => void slept.push(ms) },
    });
    await emu.fault({ path: '/pricing', fault: { status: 429, retryAfter: '2' } });
    expect((await patient.pricing()).tao_usd).toBeGreaterThan(0);
    expect(slept).toEqual([2000]);

    await emu.fault({ path: '/pricing', fault: { status: 429, retryAfter: '60' } });
    const error = await apiError(patient.pricing(), 429, 'Rate limit exceeded. Try again later.');
    expect(error.retryAfter).toBe('60');
    expect(slept).toEqual([2000]);
  });

  it('does not retry a status that is not transient', async () => {
    await emu.fault({ path: '/users/me', times: 2, fault: { status: 500 } });
    await apiError(emu.apiKey.me(), 500, 'Internal Server Error');
    expect(emu.retries).toEqual([]);
  });

  it('never repeats a deploy, nor an update', async () => {
    await emu.fault({ path: '/chutes/', method: 'POST', times: 2, fault: { status: 503 } });
    const deploy = emu.apiKey.deployChute(
      { name: 'once-only', image: 'echo-image:0.1', public: false, code: 'x = 1\n', filename: 'once.py', ref_str: 'once:chute', node_selector: { gpu_count: 1, min_vram_gb_per_gpu: 24 }, cords: [{ method: 'POST', path: '/run', function: 'run', stream: false }] },
      { acceptFee: true },
    );
    await apiError(deploy, 503, 'Service Unavailable (503 from POST api.chutes.ai/chutes/)');
    expect(await emu.pendingFaults()).toMatchObject([{ path: '/chutes/', remaining: 1 }]);

    await emu.fault({ path: '/chutes/demo-echo', method: 'PUT', fault: { status: 502 } });
    await apiError(emu.apiKey.updateChute('demo-echo', { tagline: 'x' }), 502, 'Bad Gateway');
    expect(emu.retries).toEqual([]);
  });
});

describe('cancellation', () => {
  it('ends an endless log stream promptly when the signal fires between lines', async () => {
    const [instance] = (await emu.apiKey.getChute('demo-echo')).instances ?? [];
    const controller = new AbortController();
    const logs = emu.apiKey.instanceLogs(instance.instance_id, 1, controller.signal);
    expect((await logs.next()).value).toMatchObject({ type: 'status', event: 'connected' });
    expect((await logs.next()).value).toMatchObject({ type: 'log' });
    // The next live line is 500 ms away; the abort must not wait for it.
    const pending = logs.next();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    expect(await failure(pending)).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(300);
    // The client is still usable afterwards.
    expect((await emu.apiKey.ping()).message).toBe('pong');
  });

  it.each([
    ['between paced events (the next one is 400 ms away)', 400],
    ['with the rest of the answer already read (no pacing: one or two reads)', 0],
  ])('stops a chat at once when cancelled %s', async (_when, dripMs) => {
    if (dripMs) await emu.fault({ ...CHAT, fault: { dripMs } });
    const controller = new AbortController();
    const chunks: ChatCompletionChunk[] = [];
    const started = Date.now();
    const error = await failure((async () => {
      for await (const chunk of emu.apiKey.streamChat(chatRequest, controller.signal)) {
        chunks.push(chunk);
        controller.abort();
      }
    })());
    expect(error).toBeInstanceOf(CancelledError);
    expect(chunks).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('stops an instance log replay at once when cancelled mid-backfill', async () => {
    const [instance] = (await emu.apiKey.getChute('demo-echo')).instances ?? [];
    const logs = new AbortController();
    const lines: unknown[] = [];
    const stopped = await failure((async () => {
      for await (const event of emu.apiKey.instanceLogs(instance.instance_id, 20, logs.signal)) {
        lines.push(event);
        if (lines.length === 3) logs.abort();
      }
    })());
    expect(stopped).toBeInstanceOf(CancelledError);
    expect(lines).toHaveLength(3);
  });

  it('cancels while waiting for the answer', async () => {
    await emu.fault({ path: '/users/me', fault: { delayMs: 2000 } });
    const started = Date.now();
    const error = await failure(emu.apiKey.me(AbortSignal.timeout(50)));
    expect(error).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('network failures and timeouts', () => {
  it('names the host when nothing listens on its port, after retrying a GET', async () => {
    const port = await closedPort();
    const direct = emu.client(apiKeyOf(emu.demo), { apiBaseUrl: `http://127.0.0.1:${port}`, connectTo: undefined });
    const error = await failure(direct.me());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: 'NetworkError', code: 'ECONNREFUSED', host: `127.0.0.1:${port}` });
    expect(error.message).toContain(`Could not reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    expect(emu.retries).toEqual(['GET /users/me', 'GET /users/me']);
  });

  it('names the platform host and the connect-to target', async () => {
    const port = await closedPort();
    const error = await failure(emu.client(apiKeyOf(emu.demo), { connectTo: `127.0.0.1:${port}` }).ping());
    expect(error).toMatchObject({ name: 'NetworkError', host: 'api.chutes.ai', target: `127.0.0.1:${port}` });
    expect(error.message).toContain(`Could not reach 127.0.0.1:${port} (connect-to for api.chutes.ai)`);
  });

  it('times out an answer delayed past timeoutMs', async () => {
    await emu.fault({ path: '/pricing', fault: { delayMs: 1000 } });
    const hasty = emu.client(undefined, { timeoutMs: 150 });
    const error = await failure(hasty.pricing());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'response', host: 'api.chutes.ai', timeoutMs: 150 });
    expect(error.message).toBe('api.chutes.ai did not answer within 0.2 s.');
  });

  it('times out a stream that falls silent for longer than timeoutMs', async () => {
    await emu.fault({ ...CHAT, fault: { dripMs: 600 } });
    const hasty = emu.client(apiKeyOf(emu.demo), { timeoutMs: 200 });
    const error = await failure(collect(hasty.streamChat(chatRequest)));
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'stream', host: 'llm.chutes.ai' });
  });
});
