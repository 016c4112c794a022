import { describe, expect, it } from 'vitest';
import type { Chute } from '../../../src/core/api/types';
import { addEntry, searchHistory } from '../../../src/core/playground/history';
import type { HistoryEntry } from '../../../src/core/playground/protocol';
import { formatStats, replyStats } from '../../../src/core/playground/stats';
import { cordTargets, endpointTarget, llmTargets, localTarget } from '../../../src/core/playground/targets';

describe('targets', () => {
  it('reads prices and confidential_compute from the model list', () => {
    const [model] = llmTargets({ object: 'list', data: [{ id: 'x/Y-TEE', chute_id: 'c1', pricing: { prompt: 0.2, completion: 0.8 }, confidential_compute: true }] });
    expect(model).toEqual({ kind: 'llm', key: 'llm:x/Y-TEE', label: 'x/Y-TEE', model: 'x/Y-TEE', chuteId: 'c1', tee: true, pricing: { prompt: 0.2, completion: 0.8 } });
  });

  it('offers only cords with a public_api_path, with their schema and template', () => {
    const chute = {
      chute_id: 'c2', name: 'echo', slug: 'me-echo', public: false, standard_template: null, tee: false,
      cords: [
        { method: 'POST', path: '/a', function: 'a', stream: false, public_api_path: '/a', public_api_method: 'POST', input_schema: { type: 'object' } },
        { method: 'POST', path: '/hidden', function: 'hidden', stream: false, public_api_path: null },
      ],
    } as Chute;
    const targets = cordTargets(chute);
    expect(targets.map((t) => t.label)).toEqual(['echo POST /a']);
    expect(targets[0]).toMatchObject({ kind: 'cord', slug: 'me-echo', cord: { path: '/a', method: 'POST', inputSchema: { type: 'object' } } });
  });

  it('keeps local chutes on loopback and strips OpenAI paths from endpoints', () => {
    expect(localTarget('http://127.0.0.1:8000/', 'echo', true)).toMatchObject({ origin: 'http://127.0.0.1:8000', cord: { path: '/echo', stream: true } });
    expect(() => localTarget('http://example.com:8000', '/echo', false)).toThrow(/runs on this machine/);
    expect(endpointTarget('https://miner.example:9000/v1/chat/completions', 'm', false)).toMatchObject({ origin: 'https://miner.example:9000', model: 'm' });
    expect(() => endpointTarget('ftp://x', 'm', false)).toThrow(/not an http\(s\) URL/);
    expect(() => endpointTarget('https://user:pw@x', 'm', false)).toThrow(/credentials/);
  });
});

describe('history', () => {
  const entry = (id: string, targetKey: string, prompt: string): HistoryEntry => ({
    id, targetKey, at: 0, input: { kind: 'chat', params: { system: '', prompt, stop: [] } }, reply: `re: ${prompt}`,
  });

  it('keeps the newest first and caps each target on its own', () => {
    let all: HistoryEntry[] = [];
    for (let i = 0; i < 5; i++) all = addEntry(all, entry(`a${i}`, 'a', `p${i}`), 3);
    all = addEntry(all, entry('b0', 'b', 'other'), 3);
    expect(all.map((e) => e.id)).toEqual(['b0', 'a4', 'a3', 'a2']);
  });

  it('finds entries of one target by every word of the query, in prompt or reply', () => {
    const all = [entry('1', 'a', 'tell me about GPUs'), entry('2', 'a', 'hello'), entry('3', 'b', 'GPUs again')];
    expect(searchHistory(all, 'a', 'gpus TELL').map((e) => e.id)).toEqual(['1']);
    expect(searchHistory(all, 'a', 're: hello').map((e) => e.id)).toEqual(['2']);
    expect(searchHistory(all, 'a', '').map((e) => e.id)).toEqual(['1', '2']);
  });
});

describe('stats', () => {
  it('computes TTFT, tokens per second after the first token, and cost', () => {
    const stats = replyStats({ startedAt: 1000, firstAt: 1200, endedAt: 2200 }, { prompt_tokens: 10, completion_tokens: 51, total_tokens: 61 }, 0, { prompt: 1, completion: 2 });
    expect(stats).toEqual({ ttftMs: 200, totalMs: 1200, completionTokens: 51, promptTokens: 10, tokensPerSecond: 50, costUsd: 0.000112, fromUsage: true });
    expect(formatStats(stats)).toBe('TTFT 200 ms · 50.0 tok/s · 10 + 51 tokens · $0.00011 · 1.20 s');
  });

  it('counts chunks when the server sent no usage, and says so', () => {
    const stats = replyStats({ startedAt: 0, firstAt: 10, endedAt: 10 }, undefined, 3);
    expect(formatStats(stats)).toBe('TTFT 10 ms · 3 tokens (counted) · 0.01 s');
  });
});
