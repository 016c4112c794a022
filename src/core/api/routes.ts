// Where a request goes and what a hotkey signature covers, from the route alone.
import { InvalidIdError } from './errors';
import { apiBase, bareDomain } from './trust';

/**
 * Management API, the OpenAI-compatible aggregator, one chute's own host, or another server the user
 * named (a local `chutes run --dev`, a custom OpenAI-compatible endpoint).
 */
export type HostTarget = 'api' | 'llm' | { slug: string } | { origin: string };

/**
 * The origin for a target: `apiBaseUrl` for management calls; `llm.<domain>` and `<slug>.<domain>`
 * with the scheme of `apiBaseUrl` (so an http emulator base gives http chute hosts; trust.ts then
 * lets plain http reach loopback only). The domain is a bare host name (docs/trust.md).
 */
export function targetOrigin(target: HostTarget, apiBaseUrl: string, platformDomain: string): URL {
  if (typeof target === 'object' && 'origin' in target) return new URL(target.origin);
  const base = apiBase(apiBaseUrl);
  if (target === 'api') return base;
  const domain = bareDomain(platformDomain.replace(/^\.+/, ''));
  const label = target === 'llm' ? 'llm' : target.slug;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label)) {
    throw new RangeError(`"${label}" is not a valid chute slug (lower-case letters, digits and dashes).`);
  }
  return new URL(`${base.protocol}//${label}.${domain}/`);
}

/** The full URL: base path of the origin + route + query (undefined values are left out). */
export function buildUrl(origin: URL, route: string, query?: Record<string, string | number | boolean | undefined>): URL {
  const url = new URL(origin.href);
  url.pathname = `${origin.pathname.replace(/\/+$/, '')}${route}`;
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * A chute or image id or name as path segments: names may contain `/`, which the routes accept.
 * Empty, `.` and `..` segments are refused: `deleteImage('../chutes/<id>')` must not reach a chute.
 */
export function pathName(idOrName: string): string {
  const segments = idOrName.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw new InvalidIdError(idOrName);
  return segments.map(encodeURIComponent).join('/');
}

/**
 * The purpose string a hotkey signs for a bodiless request (docs/platform.md §6.2), or undefined when the
 * route has none (the server then only accepts an API key). Writes sign the body hash instead.
 */
export function signingPurpose(method: string, pathname: string): string | undefined {
  const verb = method.toUpperCase();
  if (verb !== 'GET' && verb !== 'DELETE' && verb !== 'HEAD') return undefined;
  const segments = pathname.split('/').filter(Boolean);
  switch (segments[0]) {
    case 'chutes':
    case 'encrypted_logs':
      return 'chutes';
    case 'images':
      return 'images';
    case 'api_keys':
      return 'api_keys';
    case 'secrets':
      return 'secrets';
    case 'users':
      return segments.length === 2 && verb === 'GET' ? 'me' : undefined;
    case 'instances':
      if (segments[2] === 'logs') return 'logs';
      if (segments[2] === 'evidence') return 'chutes';
      return undefined;
    default:
      return undefined;
  }
}

/** Where connect-to sends the TCP connection, and whether it speaks TLS there. */
export interface ConnectTarget {
  hostname: string;
  /** Undefined keeps the request's own port. */
  port?: number;
  /** From an explicit scheme; undefined keeps the request's own scheme. */
  protocol?: 'http:' | 'https:';
  /** `host:port` as dialled, for messages. */
  label: string;
}

/** Parses `host:port`, `[v6]:port` or `http(s)://host:port`; throws a RangeError on anything else. */
export function parseConnectTo(value: string): ConnectTarget {
  const text = value.trim();
  const explicit = /^(https?):\/\//i.exec(text);
  let url: URL;
  try {
    url = new URL(explicit ? text : `http://${text}`);
  } catch {
    throw new RangeError(`Connect-to "${value}" is not host:port or http://host:port.`);
  }
  if (!url.hostname || (url.pathname !== '/' && url.pathname !== '') || url.search || url.username) {
    throw new RangeError(`Connect-to "${value}" is not host:port or http://host:port.`);
  }
  const protocol = explicit ? (url.protocol as 'http:' | 'https:') : undefined;
  const port = url.port ? Number(url.port) : explicit ? (protocol === 'https:' ? 443 : 80) : undefined;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return { hostname, port, protocol, label: port === undefined ? url.hostname : `${url.hostname}:${port}` };
}
