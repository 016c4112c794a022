// The handlers of the explorer's chute, image and API key commands: one lazy bundle, loaded by the
// first of them that runs (docs/architecture.md, "Lazy loading"). explorerView.ts registers them.
import type { Connection } from '../account/connection';
import { chuteCommands } from './chuteCommands';
import type { ExplorerView } from './explorerView';
import { listCommands } from './listCommands';
import type { LogStreams } from './logStreams';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

export type CommandHandler = (...args: unknown[]) => Promise<unknown>;

export function explorerCommands(
  explorer: ExplorerView,
  connection: Connection,
  documents: { sources: ReadOnlyDocuments; logs: ReadOnlyDocuments; streams: LogStreams },
): Record<string, CommandHandler> {
  return { ...chuteCommands(explorer, connection, documents), ...listCommands(explorer, connection, documents.logs, documents.streams) };
}
