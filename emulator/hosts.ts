// host_router_middleware of api/main.py: the first label of Host picks the management API, an
// aggregator, or a chute by slug, and sets what API-key scopes are checked against. Like the server,
// the label is read from any host (the platform domain is not checked), IP addresses and `localhost`
// fall through to the management API, and so does a label that names no chute.
import type { AuthTarget } from './http';
import { AGGREGATOR_IDS, type AggregatorKind } from './llm';
import type { ChuteRec } from './model';
import type { Store } from './store';

export type HostRoute =
  | { kind: 'api' }
  | { kind: 'aggregator'; aggregator: AggregatorKind }
  | { kind: 'chute'; chute: ChuteRec };

export function hostLabel(host: string | undefined): string | null {
  return /^([a-z0-9-]+)\.[a-z0-9-]+/.exec((host ?? '').toLowerCase())?.[1] ?? null;
}

export function routeHost(store: Store, method: string, path: string, label: string | null): { route: HostRoute; target: AuthTarget } {
  const invoke = (objectId: string): AuthTarget => ({ action: 'invoke', objectType: 'chutes', objectId });
  if (path !== '/ping') {
    if (label === 'llm' && (method === 'POST' || path === '/v1/models')) {
      return { route: { kind: 'aggregator', aggregator: 'llm' }, target: invoke(AGGREGATOR_IDS.llm) };
    }
    if ((label === 'embed' || label === 'image') && method === 'POST') {
      return { route: { kind: 'aggregator', aggregator: label }, target: invoke(AGGREGATOR_IDS[label]) };
    }
    const chute = label && label !== 'api' ? store.chuteBySlug(label) : undefined;
    if (chute) return { route: { kind: 'chute', chute }, target: invoke(chute.chute_id) };
  }
  return { route: { kind: 'api' }, target: managementTarget(method, path) };
}

function managementTarget(method: string, path: string): AuthTarget {
  const action = ['POST', 'PUT', 'PATCH'].includes(method) ? 'write' : method === 'DELETE' ? 'delete' : 'read';
  const legacyInvoke = method === 'POST' ? /^\/chutes\/([^/]+)\/(.+)$/i.exec(path) : null;
  if (legacyInvoke) return { action: 'invoke', objectType: 'chutes', objectId: legacyInvoke[1] };
  // API-latest labels /e2e/* as invocations of the chute named in the path.
  const e2e = /^\/e2e\/instances\/([^/]+)$/.exec(path);
  if (e2e) return { action: 'invoke', objectType: 'chutes', objectId: e2e[1] };
  if (path.startsWith('/users/me')) return { action, objectType: path.includes('/balance') ? 'billing' : 'account', objectId: '__self__' };
  // The last path segment as object type: "" for /chutes/, the id for /chutes/<id>. So scoped keys
  // cannot manage anything in practice; only admin keys and hotkeys can (docs/platform.md §1.3).
  const single = /^\/[^/]+\/([^/]+)$/.exec(path);
  return { action, objectType: path.split('/').at(-1) ?? '', objectId: single?.[1] ?? '__list_or_invalid__' };
}
