// Which proxy, if any, a request goes through. Pure: the environment is passed in.
// Order: the `http.proxy` setting, else https_proxy/HTTPS_PROXY (https URLs) or
// http_proxy/HTTP_PROXY, lower case first as undici's EnvHttpProxyAgent reads them.
// NO_PROXY (and VS Code's `http.noProxy` list) excludes hosts; loopback never goes through a proxy,
// so a local emulator keeps working behind a corporate proxy.

export interface ProxyInputs {
  /** VS Code `http.proxy`; empty means unset. */
  setting?: string;
  /** VS Code `http.noProxy` entries, added to NO_PROXY. */
  noProxy?: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export function selectProxy(target: URL | string, inputs: ProxyInputs): string | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopback(host)) return undefined;
  const env = inputs.env;
  const proxy =
    nonEmpty(inputs.setting) ??
    (url.protocol === 'https:'
      ? nonEmpty(env.https_proxy) ?? nonEmpty(env.HTTPS_PROXY) ?? nonEmpty(env.http_proxy) ?? nonEmpty(env.HTTP_PROXY)
      : nonEmpty(env.http_proxy) ?? nonEmpty(env.HTTP_PROXY));
  if (!proxy) return undefined;
  const entries = [...(nonEmpty(env.no_proxy) ?? nonEmpty(env.NO_PROXY) ?? '').split(/[\s,]+/), ...(inputs.noProxy ?? [])];
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return entries.some((entry) => noProxyMatches(entry, host, port)) ? undefined : proxy;
}

/** One NO_PROXY entry: `*`, `host`, `.domain`, `*.domain`, `domain` (also its subdomains), with optional `:port`. */
export function noProxyMatches(entry: string, host: string, port: string): boolean {
  let pattern = entry.trim().toLowerCase();
  if (!pattern) return false;
  if (pattern === '*') return true;
  // A port follows a bracketed IPv6 address or a name; a bare IPv6 address has several colons.
  const withPort = /^\[([^\]]+)\](?::(\d+))?$/.exec(pattern) ?? /^([^:]+):(\d+)$/.exec(pattern);
  if (withPort) {
    if (withPort[2] && withPort[2] !== port) return false;
    pattern = withPort[1];
  }
  if (pattern.startsWith('*.')) pattern = pattern.slice(1);
  if (pattern.startsWith('.')) return host.endsWith(pattern) || host === pattern.slice(1);
  return host === pattern || host.endsWith(`.${pattern}`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function nonEmpty(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}
