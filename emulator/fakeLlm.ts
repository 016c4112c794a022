// A deterministic stand-in for vLLM: the same prompt always gets the same answer, token counts are
// computed with one tokenizer so `usage` matches exactly what was streamed.
import { createHash } from 'node:crypto';

const CORPUS = [
  'Chutes runs your models on decentralised GPUs from Bittensor subnet 64, and this answer comes from the local emulator.',
  'A chute is a FastAPI app with cords; each cord becomes an HTTP endpoint on its own slug host.',
  'TEE chutes run inside Intel TDX virtual machines, and their evidence binds your nonce to the instance key.',
  'Deployments pay a fee of three hours of the cheapest matching GPU, so pick the node selector with care.',
  'The emulator streams one token at a time, at the rate you configured, then reports usage and ends with DONE.',
];
const MAX_ECHO_CHARS = 80;

/** Word pieces with their leading whitespace, punctuation on its own: concatenating them gives the text. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_']+|\s*[^\s\p{L}\p{N}_']|\s+$/gu) ?? [];
}

type Message = { role?: unknown; content?: unknown };

/** The text of a chat message: string content, or the text parts of a content list. */
export function messageText(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content
    .map((part: { type?: unknown; text?: unknown }) => (part && part.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** Chat template overhead like OpenAI's counting: 4 per message plus 3 to prime the reply. */
export const chatPromptTokens = (messages: Message[]): number => messages.reduce((n, m) => n + 4 + tokenize(messageText(m)).length, 3);

export const textPromptTokens = (prompt: string): number => 1 + tokenize(prompt).length;

export interface FakeCompletion { tokens: string[]; finishReason: 'stop' | 'length' }

export function fakeCompletion(prompt: string, maxTokens: number | undefined): FakeCompletion {
  const index = createHash('sha256').update(prompt).digest().readUInt32BE(0) % CORPUS.length;
  const echo = prompt.trim().replace(/\s+/g, ' ');
  const shown = echo.length > MAX_ECHO_CHARS ? `${echo.slice(0, MAX_ECHO_CHARS)}...` : echo;
  const text = shown ? `${CORPUS[index]} You said: "${shown}"` : CORPUS[index];
  const tokens = tokenize(text);
  if (maxTokens !== undefined && maxTokens < tokens.length) return { tokens: tokens.slice(0, Math.max(0, maxTokens)), finishReason: 'length' };
  return { tokens, finishReason: 'stop' };
}

/** Stable fake token ids (vLLM /tokenize) that /detokenize can map back within this process. */
const vocabulary = new Map<string, number>();
const reverse: string[] = [];
export function tokenIds(tokens: string[]): number[] {
  return tokens.map((t) => {
    if (!vocabulary.has(t)) {
      vocabulary.set(t, reverse.length);
      reverse.push(t);
    }
    return vocabulary.get(t)!;
  });
}
export const detokenize = (ids: number[]): string => ids.map((id) => reverse[id] ?? '').join('');

/** Deterministic unit-length embedding vectors. */
export function fakeEmbedding(input: string, dimensions = 16): number[] {
  const h = createHash('sha512').update(input).digest();
  const raw = Array.from({ length: dimensions }, (_, i) => h[i % h.length] / 127.5 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((x) => x / norm);
}
