// Where credentials may go (docs/trust.md): the default platform over https, loopback, and any
// other host only once the user confirmed it. Plain http only to loopback. Pure: no I/O here.
import { UntrustedEndpointError } from './errors';

export const DEFAULT_PLATFORM_DOMAIN = 'chutes.ai';

/** The address a request really reaches (after connect-to) and how it talks there. */
export interface Contacted {
  hostname: string;
  /** `host[:port]` as dialled, port left out when it is the scheme's default. */
  label: string;
  protocol: 'http:' | 'https:';
}

/**
 * Loopback by address or by the one name that always means it. Names like `x.localhost` are not
 * counted: whether they resolve to loopback is up to the resolver.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** api.chutes.ai, llm.chutes.ai and <slug>.chutes.ai: the hosts of the real platform. */
export function isDefaultPlatformHost(hostname: string): boolean {
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.chutes\.ai$/.test(hostname.toLowerCase());
}

/** Credentials go there without asking: the default platform over https (dialled as is), or loopback. */
export function needsConfirmation(contacted: Contacted): boolean {
  if (isLoopbackHost(contacted.hostname)) return false;
  return !(contacted.protocol === 'https:' && isDefaultPlatformHost(contacted.hostname));
}

/** Refuses plain http to anything but loopback, before a byte is sent. */
export function assertTransportAllowed(contacted: Contacted, platformHost: string): void {
  if (contacted.protocol === 'http:' && !isLoopbackHost(contacted.hostname)) {
    const forHost = contacted.label === platformHost ? '' : ` (for ${platformHost})`;
    throw new UntrustedEndpointError(
      'insecure',
      contacted.label,
      `Refused to send a request to ${contacted.label}${forHost} over plain http: only loopback addresses (localhost, 127.0.0.1, ::1) are reached without TLS. Use an https:// address.`,
    );
  }
}

/** The platform domain as a bare host name (no scheme, user, port or path), lower case. */
export function bareDomain(value: string): string {
  const domain = value.trim().replace(/\.+$/, '').toLowerCase();
  if (!/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) {
    throw new UntrustedEndpointError(
      'endpoint',
      value,
      `The platform domain "${value}" is not a bare host name such as chutes.ai (no scheme, user, port or path): check chutes.platformDomain.`,
    );
  }
  return domain;
}

/** The API base URL, checked: http(s), no user info. */
export function apiBase(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new UntrustedEndpointError(
      'endpoint',
      value,
      `The API base URL "${value}" is not an http(s) address without user info: check chutes.apiBaseUrl.`,
    );
  }
  return url;
}
