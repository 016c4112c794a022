import * as vscode from 'vscode';
import type { ApiKey, Chute, Image } from '../../core/api/types';
import { apiKeyDescription, apiKeyTooltip } from '../../core/explorer/apiKeyView';
import { chuteDescription, chuteTooltip, type ChuteState, type DetailRow } from '../../core/explorer/chuteView';
import { imageDescription, imageState } from '../../core/explorer/imageView';

/** The scheme other features decorate chute items by (attestation shields, docs/explorer.md). */
export const CHUTE_SCHEME = 'chutes-chute';

export const chuteUri = (chuteId: string) => vscode.Uri.from({ scheme: CHUTE_SCHEME, path: `/${chuteId}` });

const STATE_ICON: Record<ChuteState, vscode.ThemeIcon> = {
  hot: new vscode.ThemeIcon('flame', new vscode.ThemeColor('charts.orange')),
  cold: new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('charts.blue')),
  disabled: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

export type Node = ChuteItem | DetailItem | ImageItem | ApiKeyItem | LoadMoreItem | ErrorItem | MessageItem;

/** One chute. `contextValue` is `chute.<state>`, plus `.tee` / `.public` for menus that need them. */
export class ChuteItem extends vscode.TreeItem {
  readonly kind = 'chute';
  chuteId: string;
  chute: Chute;
  state: ChuteState = 'cold';

  constructor(viewId: string, chute: Chute, state: ChuteState, extra?: string) {
    super(chute.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${viewId}/${chute.chute_id}`;
    this.chuteId = chute.chute_id;
    this.chute = chute;
    this.resourceUri = chuteUri(chute.chute_id);
    this.update(chute, state, extra);
  }

  update(chute: Chute, state: ChuteState, extra?: string): void {
    this.chute = chute;
    this.state = state;
    this.label = chute.name;
    this.description = [chuteDescription(chute, state), extra].filter(Boolean).join(' · ');
    this.tooltip = new vscode.MarkdownString(chuteTooltip(chute, state).join('  \n'));
    this.iconPath = STATE_ICON[state];
    this.contextValue = `chute.${state}${chute.public ? '.public' : '.private'}${chute.tee ? '.tee' : ''}`;
    this.accessibilityInformation = { label: `${chute.name}, ${this.description}` };
  }
}

/** A row under an expanded chute (cords, instances, node selector, price). */
export class DetailItem extends vscode.TreeItem {
  readonly kind = 'detail';
  readonly chuteId: string;
  readonly instanceId?: string;

  constructor(
    parentId: string,
    readonly row: DetailRow,
    readonly chute: Chute,
  ) {
    super(row.label, row.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `${parentId}/${row.label}`;
    this.chuteId = chute.chute_id;
    this.description = row.description;
    this.tooltip = row.tooltip;
    this.iconPath = new vscode.ThemeIcon(row.icon);
    this.instanceId = row.instanceId;
    this.contextValue = row.instanceId ? (chute.public ? 'instance.public' : 'instance.private') : 'detail';
    this.accessibilityInformation = { label: row.description ? `${row.label}, ${row.description}` : row.label };
  }
}

const IMAGE_ICON = {
  built: new vscode.ThemeIcon('package', new vscode.ThemeColor('charts.green')),
  building: new vscode.ThemeIcon('loading~spin'),
  pending: new vscode.ThemeIcon('clock'),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
};

export class ImageItem extends vscode.TreeItem {
  readonly kind = 'image';
  readonly imageId: string;

  constructor(readonly image: Image) {
    super(image.name, vscode.TreeItemCollapsibleState.None);
    const state = imageState(image);
    this.id = `image/${image.image_id}`;
    this.imageId = image.image_id;
    this.description = imageDescription(image);
    this.tooltip = new vscode.MarkdownString(
      [`**${image.name}:${image.tag}**`, `id: \`${image.image_id}\``, `status: ${image.status}`, image.created_at ? `created: ${image.created_at}` : '']
        .filter(Boolean)
        .join('  \n'),
    );
    this.iconPath = IMAGE_ICON[state];
    this.contextValue = `image.${state}`;
  }
}

export class ApiKeyItem extends vscode.TreeItem {
  readonly kind = 'apiKey';
  readonly apiKeyId: string;

  constructor(readonly key: ApiKey) {
    super(key.name, vscode.TreeItemCollapsibleState.None);
    this.id = `apiKey/${key.api_key_id}`;
    this.apiKeyId = key.api_key_id;
    this.description = apiKeyDescription(key);
    this.tooltip = new vscode.MarkdownString(apiKeyTooltip(key).join('  \n'));
    this.iconPath = new vscode.ThemeIcon(key.admin ? 'key' : 'lock');
    this.contextValue = key.admin ? 'apiKey.admin' : 'apiKey.scoped';
  }
}

export class LoadMoreItem extends vscode.TreeItem {
  readonly kind = 'loadMore';

  constructor(viewId: string, loaded: number, total: number | undefined) {
    super('Load more…', vscode.TreeItemCollapsibleState.None);
    this.id = `${viewId}/loadMore`;
    this.description = total === undefined ? `${loaded} shown` : `${loaded} of ${total}`;
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.contextValue = 'loadMore';
    this.command = { command: 'chutes.explorer.loadMore', title: 'Load More', arguments: [viewId] };
  }
}

/** A failure, in the server's words. Clicking writes it to the log again and opens the log there. */
export class ErrorItem extends vscode.TreeItem {
  readonly kind = 'error';

  constructor(
    viewId: string,
    readonly message: string,
    readonly status: number | undefined,
  ) {
    super(message, vscode.TreeItemCollapsibleState.None);
    this.id = `${viewId}/error`;
    this.tooltip = `${message}\n\nClick to open the log at this message.`;
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    // A 401 offers "Update Credentials" inline (package.json menus).
    this.contextValue = status === 401 ? 'error.auth' : 'error';
    this.command = { command: 'chutes.explorer.showError', title: 'Show in Log', arguments: [message] };
  }
}

export class MessageItem extends vscode.TreeItem {
  readonly kind = 'message';

  constructor(id: string, label: string, icon = 'info', command?: vscode.Command) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = 'message';
    this.command = command;
  }
}
