// Playground targets from what the platform lists: LLMs from GET /v1/models (prices per million
// tokens, `confidential_compute`), and every invocable cord of the user's chutes (a cord without
// `public_api_path` cannot be called over HTTP, docs/platform.md §2.6).
import type { Chute, ModelList } from '../api/types';
import type { CordSpec, Pricing, Target } from './protocol';

export function llmTargets(models: ModelList): Target[] {
  return models.data.map((model) => ({
    kind: 'llm',
    key: `llm:${model.id}`,
    label: model.id,
    model: model.id,
    chuteId: model.chute_id,
    tee: model.confidential_compute === true,
    pricing: pricingOf(model.pricing),
  }));
}

function pricingOf(value: unknown): Pricing | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { prompt, completion } = value as Record<string, unknown>;
  return typeof prompt === 'number' && typeof completion === 'number' ? { prompt, completion } : undefined;
}

export function cordTargets(chute: Chute): Target[] {
  if (!chute.slug) return [];
  return (chute.cords ?? [])
    .filter((cord) => cord.public_api_path)
    .map((cord) => {
      const spec = cordSpec(cord);
      const streamed = cord.stream ? ' (stream)' : '';
      return {
        kind: 'cord',
        key: `cord:${chute.chute_id}:${spec.method} ${spec.path}${streamed}`,
        label: `${chute.name} ${spec.method} ${spec.path}${streamed}`,
        chuteId: chute.chute_id,
        slug: chute.slug!,
        template: chute.standard_template ?? null,
        tee: chute.tee === true,
        cord: spec,
      };
    });
}

function cordSpec(cord: NonNullable<Chute['cords']>[number]): CordSpec {
  return {
    path: cord.public_api_path!,
    method: (cord.public_api_method ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST',
    stream: cord.stream,
    name: cord.function,
    inputSchema: cord.input_schema,
    outputContentType: cord.output_content_type ?? null,
  };
}

/** A loopback `chutes run --dev` server; throws a RangeError for anything but a loopback http URL. */
export function localTarget(origin: string, path: string, stream: boolean): Target {
  const url = parseOrigin(origin);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.protocol !== 'http:') {
    throw new RangeError(`A local chute runs on this machine: use http://127.0.0.1:<port>, not ${origin}.`);
  }
  const route = path.startsWith('/') ? path : `/${path}`;
  return {
    kind: 'local',
    key: `local:${url.origin}${route}${stream ? ' (stream)' : ''}`,
    label: `${url.host}${route}${stream ? ' (stream)' : ''} (local)`,
    origin: url.origin,
    cord: { path: route, method: 'POST', stream, name: route },
  };
}

/** A custom OpenAI-compatible endpoint: `https://host[:port][/base]`, `/v1` and a chat path are stripped. */
export function endpointTarget(origin: string, model: string, epistula: boolean): Target {
  const url = parseOrigin(origin);
  const base = url.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/, '').replace(/\/v1$/, '');
  const root = `${url.origin}${base}`;
  return {
    kind: 'endpoint',
    key: `endpoint:${root}:${model}${epistula ? ':epistula' : ''}`,
    label: `${model} @ ${url.host}${epistula ? ' (Epistula)' : ''}`,
    origin: root,
    model,
    epistula,
  };
}

function parseOrigin(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new RangeError(`"${text}" is not a URL such as http://127.0.0.1:8000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`"${text}" is not an http(s) URL.`);
  if (url.username || url.password || url.search) throw new RangeError(`"${text}" must not carry credentials or a query.`);
  return url;
}

/** The chute a target runs on, when it is one of the platform's. */
export function chuteOf(target: Target): string | undefined {
  return target.kind === 'llm' ? target.chuteId : target.kind === 'cord' ? target.chuteId : undefined;
}

/** Whether a target speaks chat (system prompt, temperature, …) rather than a cord's JSON body. */
export function isChat(target: Target): boolean {
  return target.kind === 'llm' || target.kind === 'endpoint';
}
