// OpenAI-compatible replies of vLLM chutes (chat, completions, models, tokenize), streamed as vLLM does
// and passed through unchanged by the API (docs/platform.md §2.6).
import { randomBytes } from 'node:crypto';
import { HttpError, sendJson, sleep, type Ctx } from './http';
import { chatPromptTokens, detokenize, fakeCompletion, messageText, textPromptTokens, tokenIds, tokenize, type FakeCompletion } from './fakeLlm';
import type { ChuteRec } from './model';
import { EventStream } from './sse';

type Body = Record<string, unknown>;
const MAX_MODEL_LEN = 16384;

export function modelCard(chute: ChuteRec) {
  return { id: chute.name, object: 'model', created: Math.floor(Date.parse(chute.created_at) / 1000), owned_by: 'vllm', root: chute.name, parent: null, max_model_len: MAX_MODEL_LEN };
}

function maxTokens(body: Body): number | undefined {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

const usage = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });

interface Shape {
  idPrefix: string;
  object: string;
  chunkObject: string;
  /** One streamed choice for a token. */
  delta: (token: string, first: boolean) => Record<string, unknown>;
  /** The non-streamed choice for the whole text. */
  whole: (text: string) => Record<string, unknown>;
}

const CHAT: Shape = {
  idPrefix: 'chatcmpl',
  object: 'chat.completion',
  chunkObject: 'chat.completion.chunk',
  delta: (token, first) => ({ delta: first ? { role: 'assistant', content: token } : { content: token } }),
  whole: (text) => ({ message: { role: 'assistant', content: text, tool_calls: [] } }),
};
const COMPLETION: Shape = {
  idPrefix: 'cmpl',
  object: 'text_completion',
  chunkObject: 'text_completion',
  delta: (token) => ({ text: token }),
  whole: (text) => ({ text }),
};

async function reply(ctx: Ctx, chute: ChuteRec, shape: Shape, promptTokens: number, result: FakeCompletion, stream: boolean, headers: Record<string, string>): Promise<void> {
  const tps = ctx.app.settings.tokensPerSecond;
  const perToken = tps > 0 ? 1000 / tps : 0;
  const id = `${shape.idPrefix}-${randomBytes(16).toString('hex')}`;
  const created = Math.floor(Date.now() / 1000);
  const head = (object: string) => ({ id, object, created, model: chute.name });
  const { tokens, finishReason } = result;
  if (!stream) {
    await sleep(perToken * tokens.length);
    await sendJson(ctx, 200, {
      ...head(shape.object),
      choices: [{ index: 0, ...shape.whole(tokens.join('')), logprobs: null, finish_reason: finishReason }],
      usage: usage(promptTokens, tokens.length),
    }, headers);
    return;
  }
  const events = new EventStream(ctx, headers);
  const pieces = tokens.length ? tokens : [''];
  for (let i = 0; i < pieces.length; i++) {
    if (i && perToken) await events.pause(perToken);
    const last = i === pieces.length - 1;
    const choice = { index: 0, ...shape.delta(pieces[i], i === 0), logprobs: null, finish_reason: last ? finishReason : null };
    if (!(await events.data({ ...head(shape.chunkObject), choices: [choice] }))) return;
  }
  if (!(await events.data({ ...head(shape.chunkObject), choices: [], usage: usage(promptTokens, tokens.length) }))) return;
  await events.data('[DONE]');
  events.end();
}

export function runChat(ctx: Ctx, chute: ChuteRec, body: Body, stream: boolean, headers: Record<string, string>): Promise<void> {
  const messages = body.messages;
  // Guess at the wording: vLLM rejects this and the API relays it as a 400.
  if (!Array.isArray(messages) || !messages.length) throw new HttpError(400, '`messages` must be a non-empty list of chat messages');
  const prompt = messageText([...messages].reverse().find((m) => m?.role === 'user') ?? messages[messages.length - 1] ?? {});
  return reply(ctx, chute, CHAT, chatPromptTokens(messages), fakeCompletion(prompt, maxTokens(body)), stream, headers);
}

export function runCompletion(ctx: Ctx, chute: ChuteRec, body: Body, stream: boolean, headers: Record<string, string>): Promise<void> {
  const prompt = Array.isArray(body.prompt) ? body.prompt.join('') : body.prompt;
  if (typeof prompt !== 'string') throw new HttpError(400, '`prompt` must be a string or a list of strings');
  return reply(ctx, chute, COMPLETION, textPromptTokens(prompt), fakeCompletion(prompt, maxTokens(body)), stream, headers);
}

export function runTokenize(ctx: Ctx, body: Body, headers: Record<string, string>): Promise<void> {
  const text = typeof body.prompt === 'string' ? body.prompt : Array.isArray(body.messages) ? body.messages.map(messageText).join('\n') : '';
  const tokens = tokenIds(tokenize(text));
  return sendJson(ctx, 200, { count: tokens.length, max_model_len: MAX_MODEL_LEN, tokens }, headers);
}

export function runDetokenize(ctx: Ctx, body: Body, headers: Record<string, string>): Promise<void> {
  const ids = Array.isArray(body.tokens) ? body.tokens.filter((t): t is number => Number.isInteger(t)) : [];
  return sendJson(ctx, 200, { prompt: detokenize(ids) }, headers);
}
