import type { ApiKey, Image, Page } from '../../core/api/types';
import type { PageQuery } from '../../core/explorer/paging';
import type { Connection } from '../account/connection';
import { ApiKeyItem, ImageItem, type Node } from './nodes';
import { PagedTree } from './pagedTree';

/** The user's images (`chutes.images`): state, tag, build time. */
export class ImagesTree extends PagedTree<Image> {
  constructor(
    connection: Connection,
    private readonly isSignedIn: () => Promise<boolean>,
  ) {
    super('chutes.images', connection);
  }

  protected ready(): Promise<boolean> {
    return this.isSignedIn();
  }

  protected async fetch(query: PageQuery, signal?: AbortSignal): Promise<Page<Image>> {
    const { client } = await this.connection.client();
    return client.listImages(query, signal);
  }

  protected rootItems(rows: readonly Image[]): Node[] {
    return rows.map((image) => new ImageItem(image));
  }

  get images(): readonly Image[] {
    return this.source.list.items;
  }
}

/** The user's API keys (`chutes.apiKeys`): name, admin or scopes, last use. */
export class ApiKeysTree extends PagedTree<ApiKey> {
  constructor(
    connection: Connection,
    private readonly isSignedIn: () => Promise<boolean>,
  ) {
    super('chutes.apiKeys', connection);
  }

  protected ready(): Promise<boolean> {
    return this.isSignedIn();
  }

  protected async fetch(query: PageQuery, signal?: AbortSignal): Promise<Page<ApiKey>> {
    const { client } = await this.connection.client();
    return client.listApiKeys(query, signal);
  }

  protected rootItems(rows: readonly ApiKey[]): Node[] {
    return rows.map((key) => new ApiKeyItem(key));
  }

  get keys(): readonly ApiKey[] {
    return this.source.list.items;
  }
}
