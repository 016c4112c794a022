// The aggregator hosts llm./embed./image.<domain>: `model` picks the chute by name (docs/platform.md §2.6,
// api/invocation/router.py hostname_invocation). GET /v1/models on llm. needs no auth.
import { currentUser } from './auth';
import { HttpError, parseJson, sendJson, type Ctx } from './http';
import { invokeChute, type Body } from './invoke';
import { modelCard } from './openai';
import { tokenPrices } from './pricing';

export type AggregatorKind = 'llm' | 'embed' | 'image';
export const AGGREGATOR_IDS: Record<AggregatorKind, string> = { llm: '__megallm__', embed: '__megaembed__', image: '__megadiffuser__' };
const TEMPLATE: Record<AggregatorKind, string> = { llm: 'vllm', embed: 'embedding', image: 'diffusion' };

async function listModels(ctx: Ctx): Promise<void> {
  const { store } = ctx.app;
  const platform = store.userByName('chutes');
  const models = store.state.chutes
    .filter((c) => c.public && c.standard_template === 'vllm' && c.user_id === platform?.user_id)
    .sort((a, b) => b.invocation_count - a.invocation_count)
    .map((c) => {
      const price = tokenPrices(c);
      return {
        ...modelCard(c),
        chute_id: c.chute_id,
        price,
        pricing: { prompt: price.input.usd, completion: price.output.usd, input_cache_read: price.input_cache_read.usd },
        confidential_compute: c.tee,
      };
    });
  await sendJson(ctx, 200, { object: 'list', data: models });
}

function hasFileContent(payload: Body): boolean {
  if (!Array.isArray(payload.messages)) return false;
  return payload.messages.some(
    (m: { content?: unknown }) => Array.isArray(m?.content) && m.content.some((part: unknown) => !!part && typeof part === 'object' && ('file' in part || 'file_url' in part)),
  );
}

export async function handleAggregator(ctx: Ctx, kind: AggregatorKind): Promise<void> {
  // The auth dependency runs first, so a bad key fails even the public model list.
  const user = currentUser(ctx, { required: false });
  if (kind === 'llm' && ctx.path === '/v1/models' && ctx.method === 'GET') return listModels(ctx);
  if (!user) throw new HttpError(401, 'Authentication required.');
  const parsed = parseJson(ctx.body);
  if (!parsed.ok) throw new HttpError(400, `Invalid request JSON: ${parsed.error}`);
  if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) throw new HttpError(400, 'Invalid request JSON: expected a JSON object');
  const payload = parsed.value as Body;
  if (hasFileContent(payload)) throw new HttpError(400, 'File content not currently supported');
  delete payload.logprobs;
  delete payload.top_logprobs;
  let model = typeof payload.model === 'string' ? payload.model : '';
  if (model.endsWith(':THINKING')) model = model.slice(0, -':THINKING'.length);
  const { store } = ctx.app;
  let chute;
  if (model) {
    const named = store.state.chutes.filter((c) => c.name === model);
    chute = named.find((c) => store.canSee(c, user)) ?? named[0];
    if (!chute || chute.standard_template !== TEMPLATE[kind] || !store.canSee(chute, user)) {
      throw new HttpError(404, `model not found: ${model}`);
    }
    payload.model = chute.name;
  }
  await invokeChute(ctx, user, chute, () => payload);
}
