// Copy as curl / Python / TypeScript: the generated code reads the key from CHUTES_API_KEY and never
// holds it, and the curl and TypeScript snippets really run against the emulator.
import { describe, expect, it } from 'vitest';
import type { ModelList } from '../../../src/core/api/types';
import type { RunInput, Target } from '../../../src/core/playground/protocol';
import { codeSnippet } from '../../../src/core/playground/snippets';
import { cordTargets, endpointTarget, llmTargets, localTarget } from '../../../src/core/playground/targets';
import { runCurlSnippet, runTypeScriptSnippet } from '../../support/snippets';
import { useEmulator } from '../api/emulator/setup';

const emu = useEmulator();

const settings = () => ({ apiBaseUrl: 'http://api.chutes.ai', platformDomain: 'chutes.ai', connectTo: `127.0.0.1:${emu.emulator.port}` });
const chat: RunInput = { kind: 'chat', params: { system: 'Be brief.', prompt: "It's a test", temperature: 0.5, maxTokens: 8, stop: [] } };
const runTypeScript = (code: string) => runTypeScriptSnippet(code, emu.emulator.port, emu.demo.apiKey);

async function llm(): Promise<Target> {
  return llmTargets((await emu.apiKey.models()) as ModelList).find((t) => t.label === 'Qwen/Qwen3-32B')!;
}

describe('codeSnippet', () => {
  it('never inlines the key: it is read from CHUTES_API_KEY in every language', async () => {
    const target = await llm();
    for (const language of ['curl', 'python', 'typescript'] as const) {
      const code = codeSnippet(language, target, chat, settings());
      expect(code).toContain('CHUTES_API_KEY');
      expect(code).not.toContain('cpk_');
    }
  });

  it('gives a curl command that streams the chat from the emulator', async () => {
    const code = codeSnippet('curl', await llm(), chat, settings());
    expect(code).toContain(`--connect-to '::127.0.0.1:${emu.emulator.port}'`);
    const stdout = await runCurlSnippet(code, emu.demo.apiKey);
    const text = stdout
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => (JSON.parse(l.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
      .join('');
    expect(text.length).toBeGreaterThan(0);
    expect(stdout).toContain('data: [DONE]');
  }, 60_000);

  it('gives TypeScript that prints the streamed chat, and a cord call that prints JSON', async () => {
    expect(await runTypeScript(codeSnippet('typescript', await llm(), chat, settings()))).toMatch(/^Chutes|^A chute|^TEE|^Deployments|^The emulator/);
    const echo = cordTargets(await emu.apiKey.getChute('demo-echo')).find((t) => t.label.endsWith('POST /echo'))!;
    const out = await runTypeScript(codeSnippet('typescript', echo, { kind: 'cord', body: { text: 'hi' } }, settings()));
    expect(JSON.parse(out)).toEqual({ echo: 'hi', length: 2 });
    const tokens = cordTargets(await emu.apiKey.getChute('demo-echo')).find((t) => t.label.endsWith('POST /tokens (stream)'))!;
    expect(await runTypeScript(codeSnippet('typescript', tokens, { kind: 'cord', body: { text: 'x y' } }, settings()))).toBe('x y\n');
  }, 120_000); // three tsx processes: slow on a loaded machine

  it('quotes shell text safely and sends vllm cords their stream flag', async () => {
    const code = codeSnippet('curl', await llm(), chat, settings());
    expect(code).toContain(`It'\\''s a test`);
    const tee = cordTargets(await emu.apiKey.getChute('secure-chat-TEE')).find((t) => t.label.endsWith('POST /v1/chat/completions (stream)'))!;
    expect(codeSnippet('python', tee, { kind: 'cord', body: { model: 'secure-chat-TEE' } }, settings())).toContain('\\"stream\\":true');
  });

  it('sends no Chutes key to a local chute or a custom endpoint', () => {
    const local = localTarget('http://127.0.0.1:8000', '/echo', false);
    const endpoint = endpointTarget('https://miner.example/v1', 'm', true);
    for (const target of [local, endpoint]) {
      const input: RunInput = target.kind === 'local' ? { kind: 'cord', body: {} } : chat;
      const code = codeSnippet('curl', target, input, settings());
      expect(code).not.toContain('CHUTES_API_KEY');
      expect(code).not.toContain('--connect-to');
    }
    expect(codeSnippet('python', endpoint, chat, settings())).toContain('https://miner.example/v1/chat/completions');
  });
});
