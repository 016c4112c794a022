import * as vscode from 'vscode';
import { restoreState } from '../../core/playground/protocol';
import { Disposable } from '../../shared/lifecycle';
import { showError } from '../../shared/errors';
import type { Connection } from '../account/connection';
import type { PlaygroundPanel } from './playgroundPanel';
import { PlaygroundStore } from './playgroundStore';
import { StreamStatus } from './streamStatus';
// Static: the panel's bundle needs it too, so it lives in the main bundle either way.
import { errorText, listTargets } from './targetList';

const VIEW_TYPE = 'chutes.playground';

/** What `chutes.openPlayground` accepts: a chute id (or target key), a tree item with `chuteId`, or nothing. */
function chuteArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { chuteId?: unknown }).chuteId === 'string') return (arg as { chuteId: string }).chuteId;
  return undefined;
}

/**
 * The playground: `chutes.openPlayground` and the panel serializer that brings the panel back after a
 * window reload. The panel's code loads on first use.
 */
export class PlaygroundFeature extends Disposable {
  private panel: PlaygroundPanel | undefined;
  private readonly store: PlaygroundStore;
  private readonly status = this._register(new StreamStatus());

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connection: Connection,
  ) {
    super();
    this.store = new PlaygroundStore(context.globalState);
    this._register(vscode.commands.registerCommand('chutes.openPlayground', (arg?: unknown) => this.open(arg)));
    this._register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        // The host's copy of the state is saved on every change and holds every draft; the webview's
        // own copy only stands in when the host has none.
        deserializeWebviewPanel: async (panel, state: unknown) => {
          await this.adopt(panel, undefined, this.store.hasState() ? undefined : restoreState(state));
        },
      }),
    );
  }

  /** The open panel, if any (tests drive it). */
  get current(): PlaygroundPanel | undefined {
    return this.panel;
  }

  async open(arg?: unknown): Promise<PlaygroundPanel | undefined> {
    try {
      let focus = chuteArg(arg);
      if (!focus && !this.panel) {
        focus = await this.pickTarget();
        if (!focus) return undefined;
      }
      if (this.panel) {
        await this.panel.focus(focus);
        return this.panel;
      }
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Chutes Playground', vscode.ViewColumn.Active, { retainContextWhenHidden: true });
      return await this.adopt(panel, focus);
    } catch (error) {
      await showError('Chutes Playground', error);
      return undefined;
    }
  }

  private async adopt(webviewPanel: vscode.WebviewPanel, focus: string | undefined, restored?: ReturnType<typeof restoreState>): Promise<PlaygroundPanel> {
    const { PlaygroundPanel } = await import('./playgroundPanel');
    webviewPanel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'chutes.svg');
    const panel = new PlaygroundPanel(webviewPanel, { connection: this.connection, store: this.store, status: this.status, extensionUri: this.context.extensionUri }, focus, restored);
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  /** A QuickPick of every target, filled as the lists arrive. */
  private async pickTarget(): Promise<string | undefined> {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { key: string }>();
    pick.title = 'Chutes Playground';
    pick.placeholder = 'Choose a model or a cord to try';
    pick.matchOnDescription = true;
    pick.busy = true;
    pick.show();
    const chosen = new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.key));
      pick.onDidHide(() => resolve(undefined));
    });
    listTargets(this.connection, this.store).then(
      ({ targets, error }) => {
        pick.items = targets.map((t) => ({
          key: t.key,
          label: t.label,
          description: t.kind === 'llm' ? `LLM${t.tee ? ' · TEE' : ''}${t.pricing ? ` · $${t.pricing.prompt}/$${t.pricing.completion} per M tokens` : ''}` : t.kind,
        }));
        if (error) pick.placeholder = error;
        pick.busy = false;
      },
      (error: unknown) => {
        pick.busy = false;
        pick.placeholder = `Could not list targets: ${errorText(error)}`;
      },
    );
    const key = await chosen;
    pick.dispose();
    return key;
  }
}
