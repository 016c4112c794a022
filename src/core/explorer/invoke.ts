// Ways to call a chute that the explorer copies for the user (docs/platform.md §2.6): the cord's URL
// on `<slug>.<domain>` and a curl line that reads the key from an environment variable, so no secret
// lands in the clipboard or in shell history.
import { targetOrigin } from '../api/routes';
import type { Chute, Cord } from '../api/types';

/** The first cord with a public path: what a person calls first. */
export function primaryCord(chute: Chute): Cord | undefined {
  return (chute.cords ?? []).find((cord) => cord.public_api_path);
}

export function invokeUrl(chute: Chute, apiBaseUrl: string, platformDomain: string, cord = primaryCord(chute)): string | undefined {
  if (!chute.slug || !cord?.public_api_path) return undefined;
  return new URL(cord.public_api_path, targetOrigin({ slug: chute.slug }, apiBaseUrl, platformDomain)).href;
}

/** A body that satisfies the cord's minimal schema where we can see one, else `{}`. */
function exampleBody(cord: Cord, chute: Chute): unknown {
  if (chute.standard_template === 'vllm') {
    return { model: chute.name, messages: [{ role: 'user', content: 'Hello!' }], stream: cord.stream, max_tokens: 64 };
  }
  const schema = (cord.minimal_input_schema ?? cord.input_schema) as { properties?: Record<string, { type?: string }>; required?: string[] } | undefined;
  const body: Record<string, unknown> = {};
  for (const name of schema?.required ?? []) {
    const type = schema?.properties?.[name]?.type;
    body[name] = type === 'integer' || type === 'number' ? 1 : type === 'boolean' ? true : 'hello';
  }
  if (chute.standard_template === 'diffusion' && !('prompt' in body)) body.prompt = 'a red bicycle';
  return body;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlExample(chute: Chute, apiBaseUrl: string, platformDomain: string, cord = primaryCord(chute)): string | undefined {
  const url = cord && invokeUrl(chute, apiBaseUrl, platformDomain, cord);
  if (!cord || !url) return undefined;
  const method = (cord.public_api_method || 'POST').toUpperCase();
  const lines = [`curl -X ${method} ${shellQuote(url)}`, `  -H "Authorization: Bearer $CHUTES_API_KEY"`];
  if (cord.stream) lines.push(`  -N`);
  if (method !== 'GET') {
    lines.push(`  -H 'Content-Type: application/json'`, `  -d ${shellQuote(JSON.stringify(exampleBody(cord, chute)))}`);
  }
  return lines.join(' \\\n');
}

/** The chute's page on the platform's website. */
export function chutePageUrl(chute: Pick<Chute, 'chute_id'>, platformDomain: string): string {
  return `https://${platformDomain.replace(/^\.+|\.+$/g, '')}/app/chute/${encodeURIComponent(chute.chute_id)}`;
}
