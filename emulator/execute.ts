// What a chute's cord "does" in the emulator. Standard templates behave like their engines (vLLM,
// diffusion, embeddings). Custom cords cannot run their Python, so they answer with data shaped by the
// cord's output_schema: strings get the first string of the input (or the function name), integers and
// numbers its length, booleans true, arrays [that string]; an empty schema echoes the input. Text cords
// return that string, image cords a JPEG. A streaming cord yields one string per word, and the server
// passes the yielded strings through unchanged (docs/platform.md §8): a cord whose output schema has
// properties yields its own SSE (`data: {json}\n\n`, as a chute that formats events does), any
// other yields the bare words (`yield token`), which arrive as raw text.
import { HttpError, sendBytes, sendJson, sendText, type Ctx } from './http';
import { fakeEmbedding, textPromptTokens } from './fakeLlm';
import { promptJpeg } from './jpeg';
import type { ChuteRec, CordRec } from './model';
import { modelCard, runChat, runCompletion, runDetokenize, runTokenize } from './openai';
import { EventStream } from './sse';

type Body = Record<string, unknown>;
type Schema = { type?: unknown; properties?: Record<string, Schema>; required?: unknown; items?: Schema };

const firstString = (body: Body): string | undefined => Object.values(body).find((v): v is string => typeof v === 'string');

function fill(schema: Schema, text: string, n: number): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fill(s, text, n)]));
  }
  if (type === 'integer' || type === 'number') return n;
  if (type === 'boolean') return true;
  if (type === 'array') return [fill(schema.items ?? { type: 'string' }, text, n)];
  return text;
}

/** A light check of the cord's input schema: required keys and JSON types of the declared properties. */
function inputMatches(schema: Schema | null, body: Body): boolean {
  if (!schema) return true;
  const required = Array.isArray(schema.required) ? schema.required : [];
  if (required.some((key) => !(key in body))) return false;
  const is: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === 'number',
    boolean: (v) => typeof v === 'boolean',
    array: Array.isArray,
    object: (v) => !!v && typeof v === 'object' && !Array.isArray(v),
    null: (v) => v === null,
  };
  return Object.entries(schema.properties ?? {}).every(([key, prop]) => {
    if (!(key in body)) return true;
    const types = [prop.type].flat().filter((t): t is string => typeof t === 'string' && t in is);
    return !types.length || types.some((t) => is[t](body[key]));
  });
}

async function runCustom(ctx: Ctx, chute: ChuteRec, cord: CordRec, body: Body, headers: Record<string, string>): Promise<void> {
  if (!inputMatches(cord.input_schema as Schema | null, body)) throw new HttpError(400, 'Invalid input parameters');
  const text = firstString(body) ?? cord.function;
  const contentType = cord.output_content_type ?? 'application/json';
  if (cord.stream) {
    const stream = new EventStream(ctx, headers);
    const words = text.split(/\s+/).filter(Boolean);
    const gap = ctx.app.settings.tokensPerSecond > 0 ? 1000 / ctx.app.settings.tokensPerSecond : 0;
    const schema = (cord.output_schema ?? {}) as Schema;
    for (let i = 0; i < words.length; i++) {
      if (i && gap) await stream.pause(gap);
      const yielded = schema.properties ? `data: ${JSON.stringify(fill(schema, words[i], i))}\n\n` : `${i ? ' ' : ''}${words[i]}`;
      if (!(await stream.write(yielded))) return;
    }
    return stream.end();
  }
  if (contentType.startsWith('image/')) return sendBytes(ctx, 200, promptJpeg(`${chute.chute_id}:${JSON.stringify(body)}`), { 'content-type': 'image/jpeg', ...headers });
  if (contentType.startsWith('text/')) return sendText(ctx, 200, text, contentType, headers);
  const schema = (cord.output_schema ?? {}) as Schema;
  const empty = !schema.type && !schema.properties;
  return sendJson(ctx, 200, empty ? body : fill(schema, text, text.length), headers);
}

export async function runCord(ctx: Ctx, chute: ChuteRec, cord: CordRec, body: Body, stream: boolean, headers: Record<string, string>): Promise<void> {
  const path = cord.public_api_path;
  if (chute.standard_template === 'vllm') {
    if (path === '/v1/chat/completions') return runChat(ctx, chute, body, stream, headers);
    if (path === '/v1/completions') return runCompletion(ctx, chute, body, stream, headers);
    if (path === '/v1/models') return sendJson(ctx, 200, { object: 'list', data: [modelCard(chute)] }, headers);
    if (path === '/tokenize') return runTokenize(ctx, body, headers);
    if (path === '/detokenize') return runDetokenize(ctx, body, headers);
  }
  if (chute.standard_template === 'diffusion' && cord.output_content_type?.startsWith('image/')) {
    const seed = body.seed ?? 'random';
    return sendBytes(ctx, 200, promptJpeg(`${String(body.prompt)}:${String(seed)}`), { 'content-type': 'image/jpeg', ...headers });
  }
  if (chute.standard_template === 'embedding' && path === '/v1/embeddings') {
    const inputs = [body.input].flat().map(String);
    const tokens = inputs.reduce((n, s) => n + textPromptTokens(s), 0);
    return sendJson(ctx, 200, {
      object: 'list',
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(input) })),
      model: chute.name,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    }, headers);
  }
  return runCustom(ctx, chute, cord, body, headers);
}
