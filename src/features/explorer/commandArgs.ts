import type { Chute } from '../../core/api/types';
import type { Connection } from '../account/connection';
import { pickChute } from './chutesTree';
import type { ExplorerView } from './explorerView';

/** What chute commands accept (docs/explorer.md): a chute id, an object with `chuteId`, or nothing. */
export type ChuteArg = string | { chuteId: string; chute?: Chute } | undefined;

/** The chute a command acts on: from the tree item, by id, or chosen in a QuickPick. */
export async function resolveChute(arg: unknown, explorer: ExplorerView, connection: Connection, title: string): Promise<Chute | undefined> {
  const id = typeof arg === 'string' ? arg : isChuteRef(arg) ? arg.chuteId : undefined;
  if (!id) return pickChute(connection, title);
  const known = (isChuteRef(arg) ? arg.chute : undefined) ?? explorer.chutes.item(id)?.chute ?? explorer.publicChutes.item(id)?.chute;
  if (known) return known;
  const { client } = await connection.client();
  return client.getChute(id);
}

function isChuteRef(value: unknown): value is { chuteId: string; chute?: Chute } {
  return typeof value === 'object' && value !== null && typeof (value as { chuteId?: unknown }).chuteId === 'string';
}

/** Options a caller in code may pass after the item (tests skip the confirmation modal this way). */
export interface ActionOptions {
  skipConfirm?: boolean;
}
