import * as vscode from 'vscode';
import type { Chute, ChuteUpdateArgs } from '../../core/api/types';
import { chutePageUrl, curlExample, invokeUrl } from '../../core/explorer/invoke';
import { showError } from '../../shared/errors';
import { log } from '../../shared/log';
import { readSettings } from '../../shared/settings';
import type { Connection } from '../account/connection';
import { resolveChute, type ActionOptions } from './commandArgs';
import type { ExplorerView } from './explorerView';
import { InstanceLogs } from './instanceLogs';
import type { LogStreams } from './logStreams';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler types its own arguments
type Handler = (...args: any[]) => Promise<unknown>;

/**
 * Runs a command; a failure is shown in the server's words (a 401 offers to update credentials).
 * The command settles without waiting for the notification to be dismissed.
 */
export function guarded(action: string, handler: Handler): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      void showError(`Chutes: ${action} failed`, error);
      return undefined;
    }
  };
}

/** The handlers of the chute commands that explorerCommands.ts registers, loaded on first use. */
export function chuteCommands(
  explorer: ExplorerView,
  connection: Connection,
  documents: { sources: ReadOnlyDocuments; logs: ReadOnlyDocuments; streams: LogStreams },
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const { sources, streams } = documents;
  const chute = (arg: unknown, title: string) => resolveChute(arg, explorer, connection, title);
  const instanceLogs = new InstanceLogs(explorer, connection, documents.logs, streams);
  const copy = async (text: string | undefined, what: string, missing: string) => {
    if (!text) {
      void vscode.window.showWarningMessage(missing);
      return undefined;
    }
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Chutes: copied ${what}`, 3000);
    return text;
  };
  const target = async () => {
    const { target: t } = await connection.client();
    return { apiBaseUrl: t.apiBaseUrl, domain: readSettings().platformDomain };
  };
  /** After a change to one chute: redraw only its node, in each view that shows it. */
  const changed = async (chuteId: string) => {
    await Promise.all([explorer.chutes.updateChute(chuteId), explorer.publicChutes.updateChute(chuteId)]);
  };
  const update = async (c: Chute, args: ChuteUpdateArgs) => {
    const { client } = await connection.client();
    await client.updateChute(c.chute_id, args);
  };

  const commands: Record<string, [string, Handler]> = {
    'chutes.copyChuteId': ['copy', async (arg) => {
      const c = await chute(arg, 'Copy Chute ID');
      return c && copy(c.chute_id, `the id of ${c.name}`, '');
    }],
    'chutes.copySlug': ['copy', async (arg) => {
      const c = await chute(arg, 'Copy Chute Slug');
      return c && copy(c.slug ?? undefined, `the slug of ${c.name}`, `${c.name} has no slug.`);
    }],
    'chutes.copyInvokeUrl': ['copy', async (arg) => {
      const c = await chute(arg, 'Copy Invoke URL');
      if (!c) return undefined;
      const { apiBaseUrl, domain } = await target();
      return copy(invokeUrl(c, apiBaseUrl, domain), `the URL of ${c.name}`, `${c.name} has no cord with a public path to invoke.`);
    }],
    'chutes.copyCurl': ['copy', async (arg) => {
      const c = await chute(arg, 'Copy curl Example');
      if (!c) return undefined;
      const { apiBaseUrl, domain } = await target();
      return copy(curlExample(c, apiBaseUrl, domain), `a curl example for ${c.name} (reads $CHUTES_API_KEY)`, `${c.name} has no cord with a public path to invoke.`);
    }],
    'chutes.openOnWebsite': ['open', async (arg) => {
      const c = await chute(arg, 'Open Chute on chutes.ai');
      if (!c) return undefined;
      const url = chutePageUrl(c, readSettings().platformDomain);
      await vscode.env.openExternal(vscode.Uri.parse(url));
      return url;
    }],
    'chutes.viewSource': ['view source', async (arg) => {
      const c = await chute(arg, 'View Chute Source');
      if (!c) return undefined;
      const { client } = await connection.client();
      const code = await client.chuteCode(c.chute_id);
      const name = c.name.replace(/[^\w.-]+/g, '_');
      const uri = vscode.Uri.from({ scheme: sources.scheme, path: `/${c.chute_id}/${name}.py` });
      sources.set(uri, code);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, 'python');
      await vscode.window.showTextDocument(document, { preview: true });
      return uri.toString();
    }],
    'chutes.warmUp': ['warm up', async (arg) => {
      const c = await chute(arg, 'Warm Up Chute');
      if (!c) return undefined;
      const { client } = await connection.client();
      const status = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Warming up ${c.name}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          let last = '';
          try {
            for await (const event of client.warmup(c.chute_id, abort.signal)) {
              last = event.status || last;
              if (event.log) log.info(`Warm up ${c.name}: ${event.log}`);
              progress.report({ message: event.log || event.status });
            }
          } catch (error) {
            if (token.isCancellationRequested) return 'cancelled';
            throw error;
          } finally {
            sub.dispose();
          }
          return last;
        },
      );
      if (status === 'hot') void vscode.window.showInformationMessage(`Chutes: ${c.name} is hot.`, 'Open Playground').then((choice) => {
        if (choice) void vscode.commands.executeCommand('chutes.openPlayground', c.chute_id);
      });
      else if (status !== 'cancelled') void vscode.window.showWarningMessage(`Chutes: the warm-up of ${c.name} ended while it was still ${status || 'cold'}. Try again, or check its node selector.`);
      await changed(c.chute_id);
      return status;
    }],
    'chutes.streamInstanceLogs': ['stream logs', (arg) => instanceLogs.start(arg)],
    'chutes.stopInstanceLogs': ['stop logs', async (arg) => streams.stop(arg)],
    'chutes.shareChute': ['share', async (arg, user?: string) => {
      const c = await chute(arg, 'Share Chute');
      if (!c) return undefined;
      if (c.public) throw new Error(`${c.name} is public: everyone can already use it, so there is nothing to share.`);
      const who = user ?? (await vscode.window.showInputBox({ title: `Share ${c.name}`, prompt: 'Username or user id to share with' }));
      if (!who?.trim()) return undefined;
      const { client } = await connection.client();
      const result = await client.shareChute({ chute_id_or_name: c.chute_id, user_id_or_name: who.trim() });
      void vscode.window.showInformationMessage(`Chutes: ${result.status}`);
      return result.status;
    }],
    'chutes.unshareChute': ['unshare', async (arg, user?: string) => {
      const c = await chute(arg, 'Unshare Chute');
      if (!c) return undefined;
      const who = user ?? (await vscode.window.showInputBox({ title: `Stop sharing ${c.name}`, prompt: 'Username or user id to stop sharing with' }));
      if (!who?.trim()) return undefined;
      const { client } = await connection.client();
      const result = await client.unshareChute({ chute_id_or_name: c.chute_id, user_id_or_name: who.trim() });
      void vscode.window.showInformationMessage(`Chutes: ${result.status}`);
      return result.status;
    }],
    'chutes.editTagline': ['edit tagline', async (arg, value?: string) => {
      const c = await chute(arg, 'Edit Tagline');
      if (!c) return undefined;
      const tagline =
        value ??
        (await vscode.window.showInputBox({
          title: `Tagline of ${c.name}`,
          value: c.tagline ?? '',
          validateInput: (text) => (text.trim() ? (text.length > 1024 ? 'At most 1024 characters.' : undefined) : 'The server keeps the old tagline when the new one is empty.'),
        }));
      if (tagline === undefined || !tagline.trim()) return undefined;
      await update(c, { tagline });
      await changed(c.chute_id);
      return tagline;
    }],
    'chutes.editReadme': ['edit README', async (arg, value?: string) => {
      const c = await chute(arg, 'Edit README');
      if (!c) return undefined;
      let readme = value;
      if (readme === undefined) {
        const { client } = await connection.client();
        const full = await client.getChute(c.chute_id);
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: full.readme ?? '' });
        await vscode.window.showTextDocument(document);
        const choice = await vscode.window.showInformationMessage(`Edit the README of ${c.name} in this editor, then save it to Chutes.`, 'Save to Chutes');
        if (!choice) return undefined;
        readme = document.getText();
      }
      if (!readme.trim()) throw new Error('The server keeps the old README when the new one is empty.');
      await update(c, { readme });
      void vscode.window.showInformationMessage(`Chutes: README of ${c.name} saved.`);
      await changed(c.chute_id);
      return readme;
    }],
    'chutes.disableChute': ['disable', async (arg, options?: ActionOptions) => {
      const c = await chute(arg, 'Disable Chute');
      if (!c) return undefined;
      if (!options?.skipConfirm) {
        const effect = c.public ? 'Invocations answer 503 until you enable it.' : 'Its instances are stopped and invocations answer 503 until you enable it.';
        const ok = await vscode.window.showWarningMessage(`Disable ${c.name}?`, { modal: true, detail: effect }, 'Disable');
        if (ok !== 'Disable') return undefined;
      }
      await update(c, { disabled: true });
      await explorer.state.markDisabled(c.chute_id, true);
      await changed(c.chute_id);
      return true;
    }],
    'chutes.enableChute': ['enable', async (arg) => {
      const c = await chute(arg, 'Enable Chute');
      if (!c) return undefined;
      await update(c, { disabled: false });
      await explorer.state.markDisabled(c.chute_id, false);
      await changed(c.chute_id);
      return true;
    }],
    'chutes.deleteChute': ['delete', async (arg, options?: ActionOptions) => {
      const c = await chute(arg, 'Delete Chute');
      if (!c) return undefined;
      if (!options?.skipConfirm) {
        const ok = await vscode.window.showWarningMessage(
          `Delete the chute "${c.name}"?`,
          { modal: true, detail: `${c.chute_id}\n\nIts instances stop and its URL stops answering. This cannot be undone.` },
          'Delete',
        );
        if (ok !== 'Delete') return undefined;
      }
      const { client } = await connection.client();
      // By UUID: the server refuses a name here (docs/platform.md §2.2).
      await client.deleteChute(c.chute_id);
      await explorer.state.markDisabled(c.chute_id, false);
      explorer.chutes.removeChute(c.chute_id);
      explorer.publicChutes.removeChute(c.chute_id);
      void vscode.window.showInformationMessage(`Chutes: deleted ${c.name}.`);
      return true;
    }],
  };
  return Object.fromEntries(Object.entries(commands).map(([id, [action, handler]]) => [id, guarded(action, handler)]));
}

