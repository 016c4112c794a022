// Streams as the platform sends them (docs/platform.md §8): a streaming cord passes the chute's
// yielded strings through unchanged, so the client shows raw text as it arrives and parses SSE only
// when the bytes are SSE; vLLM cords are picked by body.stream; X-TEE-Only and custom endpoints.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../../src/core/api/errors';
import type { CordResult } from '../../../../src/core/api/types';
import { apiError, collect, failure, useEmulator } from './setup';

const emu = useEmulator();
const TOKENS = { public_api_path: '/tokens', public_api_method: 'POST', stream: true };
const EVENTS = { public_api_path: '/stream', public_api_method: 'POST', stream: true };

afterEach(() => emu.reset());

function streamOf(result: CordResult): { format: string; chunks: AsyncIterable<string> } {
  if (result.kind !== 'stream') throw new Error(`expected a stream, got ${result.kind}`);
  return result;
}

describe('streaming cords', () => {
  it('shows a chute that yields bare tokens as raw text, exactly as yielded', async () => {
    const result = streamOf(await emu.apiKey.invokeCord('demo-demo-echo', TOKENS, { text: 'one two three' }));
    expect(result.format).toBe('text');
    expect((await collect(result.chunks)).join('')).toBe('one two three');
  });

  it('parses a chute that yields its own SSE into the data of each event', async () => {
    const result = streamOf(await emu.apiKey.invokeCord('demo-demo-echo', EVENTS, { text: 'one two' }));
    expect(result.format).toBe('sse');
    expect((await collect(result.chunks)).map((d) => JSON.parse(d) as unknown)).toEqual([{ word: 'one', index: 0 }, { word: 'two', index: 1 }]);
  });

  it('hands out raw text before a mid-stream error object, then the server\'s words as a StreamError', async () => {
    await emu.fault({ path: '/tokens', host: 'demo-demo-echo', fault: { streamError: 'boom', streamErrorAfter: 2, dripMs: 5 } });
    const result = streamOf(await emu.apiKey.invokeCord('demo-demo-echo', TOKENS, { text: 'a b c d' }));
    const seen: string[] = [];
    const error = await failure((async () => {
      for await (const text of result.chunks) seen.push(text);
    })());
    expect(seen.join('')).toBe('a b');
    expect(error).toMatchObject({ name: 'StreamError', reason: 'server' });
    expect(error.message).toBe('demo-demo-echo.chutes.ai reported an error mid-stream: Unhandled exception during response stream: boom');
  });

  it('reports a raw-text stream cut mid-way as a cut StreamError', async () => {
    await emu.fault({ path: '/tokens', host: 'demo-demo-echo', fault: { cutAfterEvents: 2, dripMs: 5 } });
    const result = streamOf(await emu.apiKey.invokeCord('demo-demo-echo', TOKENS, { text: 'a b c d' }));
    const seen: string[] = [];
    const error = await failure((async () => {
      for await (const text of result.chunks) seen.push(text);
    })());
    expect(seen.join('')).toBe('a b');
    expect(error).toMatchObject({ name: 'StreamError', reason: 'cut' });
  });

  it('stops handing out text once cancelled', async () => {
    await emu.fault({ path: '/tokens', host: 'demo-demo-echo', fault: { dripMs: 20 } });
    const controller = new AbortController();
    const result = streamOf(await emu.apiKey.invokeCord('demo-demo-echo', TOKENS, { text: 'a b c d e f g' }, controller.signal));
    const seen: string[] = [];
    const error = await failure((async () => {
      for await (const text of result.chunks) {
        seen.push(text);
        controller.abort();
      }
    })());
    expect(seen).toEqual(['a']);
    expect(error).toBeInstanceOf(CancelledError);
  });
});

describe('vLLM cords and TEE-only requests', () => {
  const chat = { public_api_path: '/v1/chat/completions', public_api_method: 'POST', stream: true };
  const body = { model: 'secure-chat-TEE', messages: [{ role: 'user', content: 'hi' }] };

  it('sets body.stream to the cord\'s stream for vllm templates, so the server picks that cord', async () => {
    // Without the template the body has no stream flag: the server runs the non-streaming cord.
    const wrong = streamOf(await emu.apiKey.invokeCord('demo-secure-chat-tee', chat, body));
    expect(JSON.parse((await collect(wrong.chunks)).join(''))).toMatchObject({ object: 'chat.completion' });
    const streamed = streamOf(await emu.apiKey.invokeCord('demo-secure-chat-tee', chat, body, undefined, { template: 'vllm' }));
    expect(streamed.format).toBe('sse');
    const data = await collect(streamed.chunks);
    expect(JSON.parse(data[0])).toMatchObject({ object: 'chat.completion.chunk' });
    const whole = await emu.apiKey.invokeCord('demo-secure-chat-tee', { ...chat, stream: false }, { ...body, stream: true }, undefined, { template: 'vllm' });
    expect(whole).toMatchObject({ kind: 'json', value: { object: 'chat.completion' } });
  });

  it('sends X-TEE-Only when asked: a TEE chute answers, a non-TEE one is refused with 426', async () => {
    const headers = { 'X-TEE-Only': 'true' };
    const chunks = await collect(emu.apiKey.streamChat({ model: 'deepseek-ai/DeepSeek-R1-TEE', messages: [{ role: 'user', content: 'x' }] }, undefined, { headers }));
    expect(chunks.at(-1)?.usage).toBeDefined();
    await apiError(collect(emu.apiKey.streamChat({ model: 'Qwen/Qwen3-32B', messages: [{ role: 'user', content: 'x' }] }, undefined, { headers })), 426, 'This chute does not have TEE enabled');
  });
});

describe('custom endpoints', () => {
  it('sends no Chutes credentials there, only the headers signed over the exact body bytes', async () => {
    const seen: Array<{ headers: IncomingMessage['headers']; body: string; url?: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body, url: req.url });
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"choices":[{"index":0,"delta":{"content":"ok"}}]}\n\ndata: [DONE]\n\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const sign = async (bytes: Uint8Array) => ({ 'x-signed-length': String(bytes.length) });
      const chunks = await collect(emu.apiKey.streamChat({ model: 'm', messages: [] }, undefined, { endpoint: { origin, sign } }));
      expect(chunks.map((c) => c.choices[0].delta.content)).toEqual(['ok']);
      expect(seen[0].url).toBe('/v1/chat/completions');
      expect(seen[0].headers.authorization).toBeUndefined();
      expect(seen[0].headers['x-signed-length']).toBe(String(Buffer.byteLength(seen[0].body)));
    } finally {
      server.close();
    }
  });
});
