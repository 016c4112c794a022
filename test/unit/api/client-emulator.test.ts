// ChutesClient against the local emulator (emulator/index.ts): real HTTP, real sr25519 hotkey
// signatures verified by the emulator, Host-header routing through connect-to, real SSE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/index';
import { ChutesClient } from '../../../src/core/api/client';
import { ChutesApiError } from '../../../src/core/api/errors';
import type { Credentials } from '../../../src/core/auth/credentials';
import type { ChatCompletionChunk, Chute } from '../../../src/core/api/types';
import { collect } from './testServer';

let emulator: RunningEmulator;
let apiKeyClient: ChutesClient;
let hotkeyClient: ChutesClient;
const retries: string[] = [];

function clientFor(credentials: Credentials): ChutesClient {
  return new ChutesClient(
    { apiBaseUrl: 'http://api.chutes.ai', platformDomain: 'chutes.ai', connectTo: `127.0.0.1:${emulator.port}`, auth: async () => credentials, timeoutMs: 10_000 },
    { env: {}, clock: { now: Date.now, random: () => 0, sleep: async () => undefined }, onRetry: (info) => retries.push(`${info.method} ${info.path}`) },
  );
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 'demo', tokensPerSecond: 0 });
  const demo = emulator.demo;
  if (!demo) throw new Error('the demo seed has no credentials');
  apiKeyClient = clientFor({ kind: 'apiKey', apiKey: demo.apiKey });
  hotkeyClient = clientFor({ kind: 'hotkey', ss58: demo.hotkeySs58, seedHex: demo.hotkeySeed, userId: demo.userId });
});

afterAll(async () => {
  await apiKeyClient?.close();
  await hotkeyClient?.close();
  await emulator?.close();
});

describe('ChutesClient against the emulator', () => {
  it('authenticates with the API key and with hotkey signatures', async () => {
    expect((await apiKeyClient.me()).username).toBe('demo');
    expect((await hotkeyClient.me()).username).toBe('demo');
  });

  it('creates, lists and deletes an API key with body-hash and purpose signatures', async () => {
    const created = await hotkeyClient.createApiKey({ name: 'ci-test', admin: false, scopes: [{ object_type: 'chutes', action: 'invoke' }] });
    expect(created.secret_key).toMatch(/^cpk_/);
    const keys = await hotkeyClient.listApiKeys({ limit: 50 });
    expect(keys.items.map((k) => k.name)).toContain('ci-test');
    expect((await hotkeyClient.deleteApiKey(created.api_key_id)).deleted).toBe(true);
    await expect(hotkeyClient.getApiKey(created.api_key_id)).rejects.toMatchObject({ status: 404 });
  });

  it('pages through own chutes with cords re-joined', async () => {
    const pages = [];
    for await (const page of hotkeyClient.paginate((p, s) => hotkeyClient.listChutes(p, s), { limit: 25 })) pages.push(page);
    const chutes: Chute[] = pages.flatMap((p) => p.items);
    expect(pages).toHaveLength(2);
    expect(chutes).toHaveLength(pages[0].total);
    expect(chutes.find((c) => c.name === 'demo-echo')?.cords?.some((c) => c.public_api_path === '/echo')).toBe(true);
  });

  it('invokes a cord on the chute slug host', async () => {
    const chute = await apiKeyClient.getChute('demo-echo');
    const cord = chute.cords?.find((c) => c.public_api_path === '/echo');
    expect(chute.slug).toBe('demo-demo-echo');
    expect(cord).toBeDefined();
    const result = await apiKeyClient.invokeCord(chute.slug as string, { public_api_path: '/echo', public_api_method: 'POST', stream: false }, { text: 'hi' });
    expect(result.kind).toBe('json');
    expect(result.invocationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('streams a chat completion from llm.<domain> to [DONE] with usage', async () => {
    const chunks: ChatCompletionChunk[] = await collect(
      apiKeyClient.streamChat({ model: 'unsloth/Llama-3.2-1B-Instruct', messages: [{ role: 'user', content: 'Say hi' }], max_tokens: 16 }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('').length).toBeGreaterThan(0);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('follows a warmup from cold to hot', async () => {
    const events = await collect(hotkeyClient.warmup('stabilityai/sdxl-turbo'));
    expect(events[0].status).toBe('cold');
    expect(events.at(-1)?.status).toBe('hot');
  });

  it('renders the emulator error detail, and retries an injected 503 on a GET', async () => {
    const error = await apiKeyClient.getChute('no-such-chute').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChutesApiError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as Error).message).toMatch(/not found/i);

    const rule = { path: '/pricing', method: 'GET', times: 2, fault: { status: 503, retryAfter: 1 } };
    const response = await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
    expect(response.ok).toBe(true);
    retries.length = 0;
    expect(typeof (await apiKeyClient.pricing()).tao_usd).toBe('number');
    expect(retries).toEqual(['GET /pricing', 'GET /pricing']);
  });
});
