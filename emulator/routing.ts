// A Starlette-like router: routes are tried in order, the first full match wins, otherwise the first
// path-only match gives 405 (with Allow), otherwise 404. `{x}` matches one segment, `{x:path}` anything.
import { HttpError, type Ctx } from './http';

export type Handler = (ctx: Ctx) => Promise<void>;

interface Route { methods: string[]; regex: RegExp; keys: string[]; handler: Handler }

export class Router {
  private routes: Route[] = [];

  add(methods: string | string[], pattern: string, handler: Handler): this {
    const keys: string[] = [];
    const source = pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(:path)?\}/g, (_m, key: string, isPath?: string) => {
      keys.push(key);
      return isPath ? '(.*)' : '([^/]+)';
    });
    this.routes.push({ methods: [methods].flat(), regex: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  /** Resolve the handler for ctx.method/ctx.path, filling ctx.params, or throw the 404/405. */
  resolve(ctx: Ctx): Handler {
    let partial: Route | undefined;
    for (const route of this.routes) {
      const match = route.regex.exec(ctx.path);
      if (!match) continue;
      if (!route.methods.includes(ctx.method)) {
        partial ??= route;
        continue;
      }
      ctx.params = Object.fromEntries(route.keys.map((k, i) => [k, match[i + 1]]));
      return route.handler;
    }
    if (partial) throw new HttpError(405, 'Method Not Allowed', { allow: partial.methods.join(', ') });
    throw new HttpError(404, 'Not Found');
  }
}
