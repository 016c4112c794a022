import * as vscode from 'vscode';
import type { ApiKey, ApiKeyScope, CreateApiKeyArgs, Image } from '../../core/api/types';
import { apiKeyNameProblem } from '../../core/explorer/apiKeyView';
import type { Connection } from '../account/connection';
import { guarded } from './chuteCommands';
import type { ActionOptions } from './commandArgs';
import type { ExplorerView } from './explorerView';
import type { LogStreams } from './logStreams';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

type ImageArg = string | { imageId: string; image?: Image } | undefined;
type KeyArg = string | { apiKeyId: string; key?: ApiKey } | undefined;

/** `chutes.apiKeys.create` from code: the secret goes to the clipboard instead of the modal. */
export interface CreateKeyRequest extends CreateApiKeyArgs {
  deliver?: 'clipboard';
}

/** The handlers of the image and API key commands that explorerCommands.ts registers. */
export function listCommands(
  explorer: ExplorerView,
  connection: Connection,
  logs: ReadOnlyDocuments,
  streams: LogStreams,
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  const client = async () => (await connection.client()).client;

  const image = async (arg: ImageArg, title: string): Promise<Image | undefined> => {
    if (typeof arg === 'string') return (await client()).getImage(arg);
    if (arg?.imageId) return arg.image ?? (await client()).getImage(arg.imageId);
    const page = await (await client()).listImages({ limit: 500 });
    const picked = await vscode.window.showQuickPick(
      page.items.map((i) => ({ label: `${i.name}:${i.tag}`, description: i.status, detail: i.image_id, image: i })),
      { title },
    );
    return picked?.image;
  };

  const key = async (arg: KeyArg, title: string): Promise<ApiKey | undefined> => {
    if (typeof arg === 'string') return (await client()).getApiKey(arg);
    if (arg?.apiKeyId) return arg.key ?? (await client()).getApiKey(arg.apiKeyId);
    const page = await (await client()).listApiKeys({ limit: 500 });
    const picked = await vscode.window.showQuickPick(
      page.items.map((k) => ({ label: k.name, description: k.admin ? 'admin' : 'scoped', detail: k.api_key_id, key: k })),
      { title },
    );
    return picked?.key;
  };

  const viewBuildLogs = async (arg?: ImageArg) => {
    const img = await image(arg, 'View Image Build Logs');
    if (!img) return undefined;
    const uri = vscode.Uri.from({ scheme: logs.scheme, path: `/images/${img.name.replace(/[^\w.-]+/g, '_')}-${img.tag}.log` });
    logs.set(uri, `# build of ${img.name}:${img.tag} (${img.status})`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'log');
    await vscode.window.showTextDocument(document, { preview: false });
    const c = await client();
    const key = uri.toString();
    const abort = streams.start(key);
    // Runs on after the command returns: a running build streams until DONE, or until stopped.
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Build logs of ${img.name}:${img.tag}; Cancel stops`, cancellable: true },
      async (_progress, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          // The server ends a running build's log with DONE but keeps the connection open: the client stops there.
          for await (const line of c.imageBuildLogs(img.image_id, undefined, abort.signal)) logs.append(uri, line.stream === 'stderr' ? `!! ${line.log}` : line.log);
          logs.append(uri, '-- end of the build log --');
        } catch (error) {
          logs.append(uri, abort.signal.aborted ? '-- stopped --' : `!! ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          sub.dispose();
          streams.finished(key, abort);
        }
      },
    );
    return key;
  };

  const deleteImage = async (arg?: ImageArg, options?: ActionOptions) => {
    const img = await image(arg, 'Delete Image');
    if (!img) return undefined;
    if (!options?.skipConfirm) {
      const ok = await vscode.window.showWarningMessage(`Delete the image ${img.name}:${img.tag}?`, { modal: true, detail: img.image_id }, 'Delete');
      if (ok !== 'Delete') return undefined;
    }
    try {
      await (await client()).deleteImage(img.image_id);
    } catch (error) {
      if ((error as { status?: number }).status === 409) {
        const words = error instanceof Error ? error.message : String(error);
        throw new Error(`${img.name}:${img.tag} is still used by one or more chutes. Delete those chutes (or deploy them on another image) first. Server: ${words}`, { cause: error });
      }
      throw error;
    }
    void vscode.window.showInformationMessage(`Chutes: deleted the image ${img.name}:${img.tag}.`);
    explorer.images.refresh();
    return true;
  };

  const createKey = async (request?: CreateKeyRequest) => {
    const args = request ?? (await askKeyArgs(explorer));
    if (!args) return undefined;
    const problem = apiKeyNameProblem(args.name);
    if (problem) throw new Error(`API key name: ${problem}`);
    const created = await (await client()).createApiKey({ name: args.name, admin: args.admin, scopes: args.admin ? undefined : args.scopes });
    explorer.apiKeys.refresh();
    if (request?.deliver === 'clipboard') {
      await vscode.env.clipboard.writeText(created.secret_key);
    } else {
      const choice = await vscode.window.showWarningMessage(
        `API key "${created.name}" created. Copy its secret now: this is the only time it is shown.`,
        { modal: true, detail: `${created.secret_key}\n\nKeep it like a password. Anyone with it can act as you${created.admin ? ' with full access' : ' within its scopes'}.` },
        'Copy',
      );
      if (choice === 'Copy') {
        await vscode.env.clipboard.writeText(created.secret_key);
        void vscode.window.showInformationMessage(`Chutes: the secret of "${created.name}" is in the clipboard.`);
      }
    }
    return { api_key_id: created.api_key_id, name: created.name };
  };

  const deleteKey = async (arg?: KeyArg, options?: ActionOptions) => {
    const k = await key(arg, 'Delete API Key');
    if (!k) return undefined;
    if (!options?.skipConfirm) {
      const ok = await vscode.window.showWarningMessage(
        `Delete the API key "${k.name}"?`,
        { modal: true, detail: `${k.api_key_id}\n\nPrograms using it stop working. If you signed in with it, sign in again.` },
        'Delete',
      );
      if (ok !== 'Delete') return undefined;
    }
    await (await client()).deleteApiKey(k.api_key_id);
    void vscode.window.showInformationMessage(`Chutes: deleted the API key "${k.name}".`);
    explorer.apiKeys.refresh();
    return true;
  };

  return {
    'chutes.images.viewBuildLogs': guarded('build logs', viewBuildLogs),
    'chutes.images.delete': guarded('delete image', deleteImage),
    'chutes.apiKeys.create': guarded('create API key', createKey),
    'chutes.apiKeys.delete': guarded('delete API key', deleteKey),
  };
}

const ACTIONS: Array<NonNullable<ApiKeyScope['action']>> = ['invoke', 'read', 'write', 'delete'];

/** Name, then admin or scoped; scoped asks which chutes (or all) and which actions. */
async function askKeyArgs(explorer: ExplorerView): Promise<CreateApiKeyArgs | undefined> {
  const name = await vscode.window.showInputBox({ title: 'New API Key: Name', prompt: 'A unique name, up to 24 characters', validateInput: apiKeyNameProblem });
  if (name === undefined) return undefined;
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Scoped', description: 'only invoke or read chosen chutes (recommended for apps)', admin: false },
      { label: 'Admin', description: 'full access to the account, like your hotkey', admin: true },
    ],
    { title: `New API Key "${name}": Access` },
  );
  if (!kind) return undefined;
  if (kind.admin) return { name, admin: true };
  const chutes = await vscode.window.showQuickPick(
    [{ label: 'All chutes', id: null as string | null }, ...explorer.chutes.chutes.map((c) => ({ label: c.name, description: c.chute_id, id: c.chute_id as string | null }))],
    { title: `New API Key "${name}": Chutes`, canPickMany: true },
  );
  if (!chutes?.length) return undefined;
  const actions = await vscode.window.showQuickPick(
    ACTIONS.map((action) => ({ label: action, picked: action === 'invoke' })),
    { title: `New API Key "${name}": Actions`, canPickMany: true },
  );
  if (!actions?.length) return undefined;
  const ids = chutes.some((c) => c.id === null) ? [null] : chutes.map((c) => c.id);
  return { name, admin: false, scopes: ids.flatMap((id) => actions.map((a) => ({ object_type: 'chutes', object_id: id, action: a.label as ApiKeyScope['action'] }))) };
}
