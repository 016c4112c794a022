// The OpenAI-compatible aggregator on llm.<domain>: models, chat completions and their refusals
// (streamed chat is in streams.test.ts, its faults in faults.test.ts).
import { describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import { apiError, apiKeyOf, collect, failure, useEmulator } from './setup';

const emu = useEmulator();
const LLAMA = 'unsloth/Llama-3.2-1B-Instruct';

describe('models', () => {
  it('lists the platform\'s public vLLM chutes, most used first, with prices and TEE flags, signed out', async () => {
    const { data } = await emu.signedOut.models();
    expect(data.map((m) => m.id)).toEqual([LLAMA, 'Qwen/Qwen3-32B', 'deepseek-ai/DeepSeek-R1-TEE']);
    expect(data.map((m) => m.confidential_compute)).toEqual([false, false, true]);
    const llama = data[0];
    expect(llama.chute_id).toBe((await emu.apiKey.getChute(LLAMA)).chute_id);
    const pricing = llama.pricing as { prompt: number; completion: number };
    expect(pricing.prompt).toBeGreaterThan(0);
    expect(pricing.completion).toBeGreaterThan(pricing.prompt);
  });
});

describe('chatCompletions', () => {
  it('answers with the assistant message and usage that adds up', async () => {
    const completion = await emu.apiKey.chatCompletions({ model: LLAMA, messages: [{ role: 'user', content: 'Say hi' }] });
    expect(completion).toMatchObject({ object: 'chat.completion', model: LLAMA, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }] });
    expect(completion.choices[0].message.content).toMatch(/ You said: "Say hi"$/);
    // Chat-template counting: 3 to prime the reply + (4 + 2 tokens) for the one message.
    expect(completion.usage?.prompt_tokens).toBe(9);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
  });

  it('answers the same prompt the same way, with the :THINKING suffix too', async () => {
    const request = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is a chute?' }] };
    const plain = await emu.hotkey.chatCompletions({ model: 'Qwen/Qwen3-32B', ...request });
    const thinking = await emu.apiKey.chatCompletions({ model: 'Qwen/Qwen3-32B:THINKING', ...request });
    expect(thinking.model).toBe('Qwen/Qwen3-32B');
    expect(thinking.choices[0].message.content).toBe(plain.choices[0].message.content);
  });

  it('serves your own private vLLM chute to you and to nobody else', async () => {
    const mine = await emu.apiKey.chatCompletions({ model: 'secure-chat-TEE', messages: [{ role: 'user', content: 'hi' }] });
    expect(mine.model).toBe('secure-chat-TEE');
    await apiError(emu.client(apiKeyOf(emu.alice)).chatCompletions({ model: 'secure-chat-TEE', messages: [{ role: 'user', content: 'hi' }] }), 404, 'model not found: secure-chat-TEE');
  });

  it('reports an unknown model and a chute that is not an LLM', async () => {
    const error = await apiError(emu.apiKey.chatCompletions({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }), 404, 'model not found: x');
    expect(error).toMatchObject({ host: 'llm.chutes.ai', path: '/v1/chat/completions' });
    await apiError(emu.apiKey.chatCompletions({ model: 'FLUX.1-schnell', messages: [{ role: 'user', content: 'hi' }] }), 404, 'model not found: FLUX.1-schnell');
    // Before the first chunk, a streamed request fails the same way.
    await apiError(collect(emu.apiKey.streamChat({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })), 404, 'model not found: x');
  });

  it('reports no messages, and file content parts', async () => {
    await apiError(emu.apiKey.chatCompletions({ model: LLAMA, messages: [] }), 400, '`messages` must be a non-empty list of chat messages');
    const file = [{ type: 'file', file: { file_data: 'data:application/pdf;base64,AAAA' } }];
    await apiError(emu.apiKey.chatCompletions({ model: LLAMA, messages: [{ role: 'user', content: file }] }), 400, 'File content not currently supported');
  });

  it('fails locally signed out', async () => {
    expect(await failure(emu.signedOut.chatCompletions({ model: LLAMA, messages: [{ role: 'user', content: 'hi' }] }))).toBeInstanceOf(AuthRequiredError);
    expect(await failure(collect(emu.signedOut.streamChat({ model: LLAMA, messages: [{ role: 'user', content: 'hi' }] })))).toBeInstanceOf(AuthRequiredError);
  });
});
