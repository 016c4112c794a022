import * as vscode from 'vscode';
import type { Chute, InstanceLogEvent } from '../../core/api/types';
import type { Connection } from '../account/connection';
import { resolveChute } from './commandArgs';
import type { ExplorerView } from './explorerView';
import type { LogStreams } from './logStreams';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

const BACKFILL = 100;

function lineOf(event: InstanceLogEvent): string {
  if (event.type === 'log') return event.line;
  if (event.type === 'error') return `!! ${event.message}`;
  return `-- ${event.event}${event.filename ? ` (${event.filename})` : ''} --`;
}

/**
 * Streams an instance's logs (GET /instances/{id}/logs, SSE with `.` keep-alives) into a read-only
 * document, with Stop in a cancellable notification and in the editor title. Only the owner (or a
 * sharee) of a private chute may read them; the server says so otherwise, and we show its words.
 */
export class InstanceLogs {
  constructor(
    private readonly explorer: ExplorerView,
    private readonly connection: Connection,
    private readonly documents: ReadOnlyDocuments,
    private readonly streams: LogStreams,
  ) {}

  /** Starts a stream; resolves with the document's URI once the stream is open. */
  async start(arg: unknown): Promise<string | undefined> {
    const instanceId = typeof arg === 'object' && arg !== null ? (arg as { instanceId?: unknown }).instanceId : undefined;
    const chute = await resolveChute(arg, this.explorer, this.connection, 'Stream Instance Logs');
    if (!chute) return undefined;
    const instance = typeof instanceId === 'string' ? instanceId : await this.pickInstance(chute);
    if (!instance) return undefined;
    const uri = vscode.Uri.from({ scheme: this.documents.scheme, path: `/${chute.name.replace(/[^\w.-]+/g, '_')}/${instance}.log` });
    const key = uri.toString();
    const abort = this.streams.start(key);
    this.documents.set(uri, `# ${chute.name}, instance ${instance} (last ${BACKFILL} lines, then live)`);
    const { client } = await this.connection.client();
    const events = client.instanceLogs(instance, BACKFILL, abort.signal);
    // The first event proves the stream is open (or throws the server's refusal) before we show it.
    let first: IteratorResult<InstanceLogEvent>;
    try {
      first = await events.next();
    } catch (error) {
      this.streams.finished(key, abort);
      throw error;
    }
    if (!first.done) this.documents.append(uri, lineOf(first.value));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'log');
    await vscode.window.showTextDocument(document, { preview: false });
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Streaming logs of ${chute.name} (${instance.slice(0, 8)}); Cancel stops`, cancellable: true },
      async (_progress, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          for await (const event of events) this.documents.append(uri, lineOf(event));
          this.documents.append(uri, '-- the server closed the stream --');
        } catch (error) {
          this.documents.append(uri, abort.signal.aborted ? '-- stopped --' : `!! ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          sub.dispose();
          this.streams.finished(key, abort);
        }
      },
    );
    return key;
  }

  private async pickInstance(chute: Chute): Promise<string | undefined> {
    const { client } = await this.connection.client();
    const full = await client.getChute(chute.chute_id);
    const instances = full.instances ?? [];
    if (!instances.length) throw new Error(`${chute.name} has no instances to read logs from (it is cold).`);
    if (instances.length === 1) return instances[0].instance_id;
    const picked = await vscode.window.showQuickPick(
      instances.map((i) => ({ label: i.instance_id, description: [i.active ? 'active' : 'inactive', i.verified ? 'verified' : '', i.region ?? ''].filter(Boolean).join(' · ') })),
      { title: `Instance of ${chute.name}` },
    );
    return picked?.label;
  }
}
