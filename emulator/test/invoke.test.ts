import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { chuteIdFor } from '../ids';
import { seedCredentials } from '../seed';
import { call, sseData, startDemo, stream } from './helpers';

let emu: RunningEmulator;
const demo = seedCredentials('demo');
const ECHO = 'demo-demo-echo.chutes.ai';
const LLM = 'llm.chutes.ai';
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'unsloth/Llama-3.2-1B-Instruct', messages: [{ role: 'user', content: 'Tell me about chutes' }], ...extra });
beforeAll(async () => {
  emu = await startDemo({ tokensPerSecond: 200 });
});
afterAll(() => emu.close());

describe('slug hosts: cords by public_api_path and method', () => {
  it('answers JSON, text and GET cords with an invocation id', async () => {
    const json = await call(emu, 'POST', '/echo', { host: ECHO, key: demo.apiKey, body: { text: 'hello world' } });
    expect(json.json).toEqual({ echo: 'hello world', length: 11 });
    expect(json.headers['x-chutes-invocationid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.headers['x-chutes-rl-user']).toBe('inf');
    const text = await call(emu, 'POST', '/shout', { host: ECHO, key: demo.apiKey, body: { text: 'hey' } });
    expect([text.headers['content-type'], text.text]).toEqual(['text/plain; charset=utf-8', 'hey']);
    const health = await call(emu, 'GET', '/health', { host: ECHO, key: demo.apiKey });
    expect(health.json).toEqual({ status: 'health' });
  });

  it('streams a streaming cord as SSE events', async () => {
    const r = await stream(emu, '/stream', { method: 'POST', host: ECHO, key: demo.apiKey, body: { text: 'one two three' } });
    expect(r.headers['x-chutes-invocationid']).toBeDefined();
    expect(sseData(r.text)).toEqual([{ word: 'one', index: 0 }, { word: 'two', index: 1 }, { word: 'three', index: 2 }]);
  });

  it('returns a valid JPEG from a diffusion chute', async () => {
    const r = await call(emu, 'POST', '/generate', { host: 'chutes-flux-1-schnell.chutes.ai', key: demo.apiKey, body: { prompt: 'a fox', seed: 7 } });
    expect(r.headers['content-type']).toBe('image/jpeg');
    expect(r.body.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(r.headers['x-chutes-rl-user']).toBe('60');
    const bad = await call(emu, 'POST', '/generate', { host: 'chutes-flux-1-schnell.chutes.ai', key: demo.apiKey, body: { prompt: 'a fox', width: 64 } });
    expect([bad.status, bad.json.detail]).toEqual([400, 'bad request, naughty naughty']);
  });

  it('uses the server errors for auth, cords, visibility, cold chutes, TEE-only and bad input', async () => {
    expect((await call(emu, 'POST', '/echo', { host: ECHO, body: { text: 'x' } })).json).toEqual({ detail: 'Authentication required.' });
    expect((await call(emu, 'POST', '/nope', { host: ECHO, key: demo.apiKey, body: {} })).json).toEqual({ detail: 'No matching cord found!' });
    expect((await call(emu, 'GET', '/echo', { host: ECHO, key: demo.apiKey })).json).toEqual({ detail: 'No matching cord found!' });
    expect((await call(emu, 'POST', '/echo', { host: 'alice-alice-notes.chutes.ai', key: demo.apiKey, body: { text: 'x' } })).json).toEqual({ detail: 'No matching chute found!' });
    const cold = await call(emu, 'POST', '/echo', { host: 'demo-demo-batch-01.chutes.ai', key: demo.apiKey, body: { text: 'x' } });
    expect([cold.status, cold.json.detail]).toEqual([503, `No instances available (yet) for chute_id='${chuteIdFor('demo', 'demo-batch-01')}'`]);
    const teeOnly = await call(emu, 'POST', '/echo', { host: ECHO, key: demo.apiKey, body: { text: 'x' }, headers: { 'x-tee-only': 'true' } });
    expect(teeOnly.status).toBe(426);
    expect(teeOnly.json.detail).toMatch(/^This chute does not have TEE enabled\./);
    const badJson = await call(emu, 'POST', '/echo', { host: ECHO, key: demo.apiKey, body: '{"text": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.json.detail).toMatch(/^invalid request JSON payload: /);
    const invalid = await call(emu, 'POST', '/echo', { host: ECHO, key: demo.apiKey, body: { text: 5 } });
    expect([invalid.status, invalid.json.detail]).toEqual([400, 'Invalid input parameters']);
  });

  it('answers 426 only for non-TEE chutes and serves OpenAI paths on a vLLM chute slug', async () => {
    const r = await call(emu, 'POST', '/v1/chat/completions', {
      host: 'demo-secure-chat-tee.chutes.ai',
      key: demo.apiKey,
      headers: { 'x-tee-only': 'true' },
      body: chat({ model: 'whatever' }),
    });
    expect(r.status).toBe(200);
    expect(r.json.model).toBe('secure-chat-TEE');
  });
});

describe('llm. aggregator', () => {
  it('lists public vLLM chutes of the platform user without auth, with prices', async () => {
    const r = await call(emu, 'GET', '/v1/models', { host: LLM });
    expect(r.json.object).toBe('list');
    expect(r.json.data.map((m: { id: string }) => m.id)).toEqual(['unsloth/Llama-3.2-1B-Instruct', 'Qwen/Qwen3-32B', 'deepseek-ai/DeepSeek-R1-TEE']);
    const tee = r.json.data[2];
    expect(tee.confidential_compute).toBe(true);
    expect(tee.chute_id).toBe(chuteIdFor('chutes', 'deepseek-ai/DeepSeek-R1-TEE'));
    expect(tee.pricing.prompt).toBe(tee.price.input.usd);
    expect(Object.keys(tee.price)).toEqual(['input', 'output', 'input_cache_read']);
    // The auth dependency still runs: a broken key fails even this public list.
    expect((await call(emu, 'GET', '/v1/models', { host: LLM, key: 'cpk_broken' })).status).toBe(401);
  });

  it('completes a chat without streaming, usage matching the text', async () => {
    const r = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: chat() });
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('chat.completion');
    expect(r.json.choices[0].message.role).toBe('assistant');
    expect(r.json.choices[0].finish_reason).toBe('stop');
    expect(r.json.usage.total_tokens).toBe(r.json.usage.prompt_tokens + r.json.usage.completion_tokens);
    const again = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: chat() });
    expect(again.json.choices[0].message.content).toBe(r.json.choices[0].message.content); // deterministic
  });

  it('streams chat.completion.chunk events, a usage chunk with empty choices, then [DONE]', async () => {
    const plain = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: chat() });
    const r = await stream(emu, '/v1/chat/completions', { method: 'POST', host: LLM, key: demo.apiKey, body: chat({ stream: true }) });
    expect(r.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(r.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = sseData(r.text);
    const content = events.filter((e) => e.choices.length);
    expect(content.every((e) => e.object === 'chat.completion.chunk')).toBe(true);
    expect(content[0].choices[0].delta.role).toBe('assistant');
    expect(content.map((e) => e.choices[0].delta.content).join('')).toBe(plain.json.choices[0].message.content);
    expect(content.at(-1).choices[0].finish_reason).toBe('stop');
    const usage = events.at(-1);
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ ...plain.json.usage, completion_tokens: content.length, total_tokens: plain.json.usage.prompt_tokens + content.length });
    // 200 tokens/s: the stream takes visibly longer than one chunk.
    expect(r.chunks.at(-1)!.at - r.chunks[0].at).toBeGreaterThanOrEqual((content.length - 2) * 4);
  });

  it('honours max_tokens and serves /v1/completions', async () => {
    const r = await stream(emu, '/v1/completions', { method: 'POST', host: LLM, key: demo.apiKey, body: { model: 'Qwen/Qwen3-32B', prompt: 'Once upon', max_tokens: 4, stream: true } });
    const events = sseData(r.text);
    expect(events.filter((e) => e.choices.length).map((e) => e.object)).toEqual(Array(4).fill('text_completion'));
    expect(events.at(-2).choices[0].finish_reason).toBe('length');
    expect(events.at(-1).usage.completion_tokens).toBe(4);
  });

  it('answers 404 model not found, 401 without auth and 400 for bad JSON', async () => {
    const missing = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: chat({ model: 'nope/model' }) });
    expect([missing.status, missing.json]).toEqual([404, { detail: 'model not found: nope/model' }]);
    const wrongTemplate = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: chat({ model: 'FLUX.1-schnell' }) });
    expect(wrongTemplate.json.detail).toBe('model not found: FLUX.1-schnell');
    const privateOther = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: seedCredentials('alice').apiKey, body: chat({ model: 'secure-chat-TEE' }) });
    expect(privateOther.json.detail).toBe('model not found: secure-chat-TEE');
    expect((await call(emu, 'POST', '/v1/chat/completions', { host: LLM, body: chat() })).json.detail).toBe('Authentication required.');
    expect((await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: '{' })).json.detail).toMatch(/^Invalid request JSON: /);
    const file = await call(emu, 'POST', '/v1/chat/completions', { host: LLM, key: demo.apiKey, body: chat({ messages: [{ role: 'user', content: [{ type: 'file', file: {} }] }] }) });
    expect(file.json.detail).toBe('File content not currently supported');
  });

  it('routes the image. aggregator to diffusion chutes by model name', async () => {
    const r = await call(emu, 'POST', '/generate', { host: 'image.chutes.ai', key: demo.apiKey, body: { model: 'FLUX.1-schnell', prompt: 'a fox' } });
    expect(r.headers['content-type']).toBe('image/jpeg');
  });
});
