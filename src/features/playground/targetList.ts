import type { ChutesClient } from '../../core/api/client';
import type { Chute, ListChutesParams } from '../../core/api/types';
import type { Target } from '../../core/playground/protocol';
import { cordTargets, llmTargets } from '../../core/playground/targets';
import { redact } from '../../core/redact';
import type { Connection } from '../account/connection';
import type { PlaygroundStore } from './playgroundStore';

/** Enough chutes for any account; the list is for picking, not browsing. */
const MAX_CHUTES = 500;

/**
 * Every target the playground offers: the LLMs of GET /v1/models, the invocable cords of the user's
 * own chutes and of the public image and embedding chutes (their aggregators, docs/platform.md §2.6),
 * and the user's local and custom endpoints. One failing source still leaves the others, with the
 * problem said.
 */
export async function listTargets(connection: Connection, store: PlaygroundStore): Promise<{ targets: Target[]; error?: string }> {
  const { client } = await connection.client();
  const [models, chutes] = await Promise.allSettled([client.models(), listChutes(client)]);
  const problems: string[] = [];
  const targets: Target[] = [];
  if (models.status === 'fulfilled') targets.push(...llmTargets(models.value));
  else problems.push(`models: ${errorText(models.reason)}`);
  if (chutes.status === 'fulfilled') targets.push(...chutes.value.flatMap(cordTargets));
  else problems.push(`chutes: ${errorText(chutes.reason)}`);
  targets.push(...store.customTargets());
  return { targets, error: problems.length ? `Some targets could not be listed (${problems.join('; ')}).` : undefined };
}

async function listChutes(client: ChutesClient): Promise<Chute[]> {
  const lists = await Promise.all([
    collect(client, { include_public: false }),
    collect(client, { include_public: true, template: 'diffusion' }),
    collect(client, { include_public: true, template: 'embedding' }),
  ]);
  const byId = new Map(lists.flat().map((chute) => [chute.chute_id, chute]));
  return [...byId.values()];
}

async function collect(client: ChutesClient, params: ListChutesParams): Promise<Chute[]> {
  const all: Chute[] = [];
  for await (const page of client.paginate((p, s) => client.listChutes(p, s), { ...params, limit: 100, include_schemas: true })) {
    all.push(...page.items);
    if (all.length >= MAX_CHUTES) break;
  }
  return all;
}

export function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}
