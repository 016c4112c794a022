// runTarget against the emulator: chat streams with usage and cost, cords by kind, retries of 429
// before anything arrived, stopping, and requests that must carry X-TEE-Only.
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelList } from '../../../src/core/api/types';
import type { CordReply, Target } from '../../../src/core/playground/protocol';
import { runTarget, type RunSink } from '../../../src/core/playground/run';
import { cordTargets, llmTargets } from '../../../src/core/playground/targets';
import { FAST_RETRY, failure, useEmulator } from '../api/emulator/setup';

const emu = useEmulator();
afterEach(() => emu.reset());

function sink() {
  const seen = { chunks: [] as string[], replies: [] as CordReply[], waits: [] as Array<[string, number]> };
  const s: RunSink = { chunk: (t) => seen.chunks.push(t), reply: (r) => seen.replies.push(r), waiting: (m, n) => seen.waits.push([m, n]) };
  return { seen, s };
}

async function llm(name: string): Promise<Target> {
  const target = llmTargets((await emu.apiKey.models()) as ModelList).find((t) => t.label === name);
  if (!target) throw new Error(`no model ${name}`);
  return target;
}

async function cord(chute: string, label: string): Promise<Target> {
  const target = cordTargets(await emu.apiKey.getChute(chute)).find((t) => t.label.endsWith(label));
  if (!target) throw new Error(`no cord ${label}`);
  return target;
}

const chat = (prompt: string, extra = {}) => ({ kind: 'chat' as const, params: { system: 'Be brief.', prompt, stop: [], ...extra } });
const options = (extra = {}) => ({ signal: new AbortController().signal, retryPolicy: FAST_RETRY, ...extra });

describe('runTarget', () => {
  it('streams a chat and computes TTFT, tokens/s, usage and cost from the model\'s prices', async () => {
    const target = await llm('Qwen/Qwen3-32B');
    expect(target.kind === 'llm' && target.pricing).toBeTruthy();
    const { seen, s } = sink();
    const result = await runTarget(emu.apiKey, target, chat('Hello there', { temperature: 0.2, maxTokens: 6, topP: 0.9, stop: ['\n'] }), s, options());
    expect(seen.chunks.join('')).toBe(result.text);
    expect(result.stats).toMatchObject({ completionTokens: 6, fromUsage: true });
    expect(result.stats.promptTokens).toBeGreaterThan(0);
    const pricing = target.kind === 'llm' ? target.pricing! : { prompt: 0, completion: 0 };
    expect(result.stats.costUsd).toBeCloseTo((result.stats.promptTokens! * pricing.prompt + 6 * pricing.completion) / 1e6, 12);
    expect(result.stats.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('waits out a 429 before anything arrived, announcing each wait, then streams', async () => {
    await emu.fault({ path: '/v1/chat/completions', host: 'llm', times: 2, fault: { status: 429, retryAfter: '0' } });
    const { seen, s } = sink();
    const result = await runTarget(emu.apiKey, await llm('Qwen/Qwen3-32B'), chat('Busy?'), s, options());
    expect(result.text).toMatch(/You said: "Busy\?"/);
    expect(seen.waits).toHaveLength(2);
    expect(seen.waits[0][0]).toMatch(/^The platform is busy \(429\): Rate limit exceeded/);
  });

  it('gives up on a chute with no instances after the retries, with the server\'s words', async () => {
    const target = await cord('stabilityai/sdxl-turbo', 'POST /generate');
    const { seen, s } = sink();
    const error = await failure(runTarget(emu.apiKey, target, { kind: 'cord', body: { prompt: 'x' } }, s, options()));
    expect(error.message).toMatch(/No instances available \(yet\) for chute_id=/);
    expect(seen.waits.length).toBe(FAST_RETRY.maxAttempts - 1);
  });

  it('answers cords as JSON, text, an image, and raw-text or SSE streams', async () => {
    const { seen, s } = sink();
    await runTarget(emu.apiKey, await cord('demo-echo', 'POST /echo'), { kind: 'cord', body: { text: 'hey' } }, s, options());
    await runTarget(emu.apiKey, await cord('demo-echo', 'POST /shout'), { kind: 'cord', body: { text: 'hey' } }, s, options());
    await runTarget(emu.apiKey, await cord('FLUX.1-schnell', 'POST /generate'), { kind: 'cord', body: { prompt: 'a cat' } }, s, options());
    expect(seen.replies.map((r) => r.kind)).toEqual(['json', 'text', 'image']);
    expect(seen.replies[2]).toMatchObject({ contentType: 'image/jpeg' });
    const raw = await runTarget(emu.apiKey, await cord('demo-echo', 'POST /tokens (stream)'), { kind: 'cord', body: { text: 'a b' } }, s, options());
    expect(raw.text).toBe('a b');
    const sse = await runTarget(emu.apiKey, await cord('demo-echo', 'POST /stream (stream)'), { kind: 'cord', body: { text: 'a b' } }, s, options());
    expect(sse.text).toBe('{"word":"a","index":0}\n{"word":"b","index":1}\n');
  });

  it('stops at once when the signal fires mid-stream', async () => {
    await emu.fault({ path: '/v1/chat/completions', host: 'llm', fault: { dripMs: 200 } });
    const controller = new AbortController();
    const chunks: string[] = [];
    const started = Date.now();
    const error = await failure(
      runTarget(emu.apiKey, await llm('Qwen/Qwen3-32B'), chat('Long story'), { chunk: (t) => (chunks.push(t), controller.abort()), reply: () => undefined, waiting: () => undefined }, options({ signal: controller.signal })),
    ).catch(() => undefined);
    // Either the loop saw the abort between batches or the read was cancelled: both end within a moment.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(chunks).toHaveLength(1);
    if (error) expect(error.name).toBe('CancelledError');
  });

  it('sends X-TEE-Only when given: a TEE model answers, the platform refuses a non-TEE one (426)', async () => {
    const headers = { 'X-TEE-Only': 'true' };
    const { s } = sink();
    await runTarget(emu.apiKey, await llm('deepseek-ai/DeepSeek-R1-TEE'), chat('secret'), s, options({ headers }));
    const error = await failure(runTarget(emu.apiKey, await llm('Qwen/Qwen3-32B'), chat('secret'), s, options({ headers })));
    expect(error).toMatchObject({ name: 'ChutesApiError', status: 426 });
  });
});
