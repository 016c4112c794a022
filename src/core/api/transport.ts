// One HTTP exchange over undici (loaded lazily): dispatcher choice (connect-to, proxy, direct),
// timeout and cancellation through one AbortController, and mapping of every low-level failure
// to the typed errors of errors.ts.
//
// connect-to works like `curl --connect-to`: the URL, the Host header and TLS SNI keep the platform
// name; only the TCP connection is dialled elsewhere, by an undici Agent whose `connect` swaps the
// address. An explicit scheme on the target may turn http into https, never https into http
// (docs/trust.md).
//
// Every read is bounded: headers by undici's maxHeaderSize, a body read whole by maxBodyBytes.
import { isIP, type LookupFunction } from 'node:net';
import type { Agent as AgentType, Dispatcher } from 'undici';
import { CancelledError, NetworkError, ResponseTooLargeError, StreamError, TimeoutError, UntrustedEndpointError, describeCode } from './errors';
import { selectProxy } from './proxy';
import { parseConnectTo, type ConnectTarget } from './routes';
import type { Contacted } from './trust';

/** How much of a response is read at most (docs/trust.md); ClientOptions may lower them for tests. */
export interface ReadLimits {
  /** A body read whole (JSON, text, bytes). */
  maxBodyBytes: number;
  /** One SSE line, and one SSE event (its data lines together). */
  maxLineBytes: number;
  maxEventBytes: number;
  /** All response headers together. */
  maxHeaderBytes: number;
}

export const defaultReadLimits: ReadLimits = {
  maxBodyBytes: 64 * 1024 * 1024,
  maxLineBytes: 8 * 1024 * 1024,
  maxEventBytes: 16 * 1024 * 1024,
  maxHeaderBytes: 64 * 1024,
};

/** Test seam: how sockets are opened (a CA to trust, a resolver), as curl's --cacert and --resolve. */
export interface ConnectOptions {
  ca?: string;
  lookup?: LookupFunction;
}

export interface TransportOptions {
  connectTo?: string;
  /** VS Code `http.proxy`. */
  proxy?: string;
  noProxy?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Whole exchange for ordinary calls; silence between chunks for streams. 0 disables. */
  timeoutMs: number;
  limits?: ReadLimits;
  connect?: ConnectOptions;
}

export interface SendRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Uint8Array;
  signal?: AbortSignal;
  stream?: boolean;
  /** A server the user named (not the platform): dialled as addressed, connect-to does not apply. */
  ownHost?: boolean;
}

export interface TransportResponse {
  status: number;
  /** The platform host the request was for (as in the Host header). */
  host: string;
  /** The address really dialled (connect-to target), when it is not `host`. */
  via?: string;
  header(name: string): string | undefined;
  /**
   * The body, chunk by chunk; leaving the loop early closes the connection. A body nobody reads
   * is freed by the caller's signal or, at the latest, by the timeout.
   */
  chunks(): AsyncGenerator<Uint8Array>;
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
}

/** Imported once: a fresh `import()` per request costs a module-loader round trip on every call. */
let undici: Promise<typeof import('../lazy/undici')> | undefined;
const loadUndici = () => (undici ??= import('../lazy/undici'));

const NETWORK_CODE = /^(E[A-Z]+|UND_ERR_(SOCKET|CONNECT_TIMEOUT|CLOSED)|ERR_TLS_.*|ERR_SSL_.*|.*CERT.*)$/;

export class Transport {
  private readonly connectTarget?: ConnectTarget;
  private direct?: Promise<Dispatcher>;
  /** Without connect-to, for servers the user named. */
  private plain?: Promise<Dispatcher>;
  private readonly proxies = new Map<string, Promise<Dispatcher>>();

  constructor(private readonly options: TransportOptions) {
    if (options.connectTo?.trim()) this.connectTarget = parseConnectTo(options.connectTo);
  }

  /**
   * Where a request for `url` really goes and how. Throws an UntrustedEndpointError when connect-to
   * would turn an https URL into plain http. A server the user named (`ownHost`) is dialled as addressed.
   */
  contacted(url: URL, ownHost = false): Contacted {
    const target = ownHost ? undefined : this.connectTarget;
    const own = url.protocol as Contacted['protocol'];
    if (target?.protocol === 'http:' && own === 'https:') {
      throw new UntrustedEndpointError(
        'insecure',
        target.label,
        `chutes.connectTo ${target.label} is given as http:// but stands in for https://${url.host}: a connect-to keeps the scheme of the URL it replaces. Drop the http:// or use an http:// API base URL.`,
      );
    }
    const protocol = target?.protocol ?? own;
    if (!target) return { hostname: url.hostname.replace(/^\[|\]$/g, ''), label: url.host, protocol };
    const port = target.port ?? (url.port ? Number(url.port) : undefined);
    const bracketed = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname;
    const defaultPort = protocol === 'https:' ? 443 : 80;
    return { hostname: target.hostname, label: port === undefined || port === defaultPort ? bracketed : `${bracketed}:${port}`, protocol };
  }

  async send(req: SendRequest): Promise<TransportResponse> {
    const host = req.url.host;
    const url = new URL(req.url.href);
    url.protocol = this.contacted(url, req.ownHost).protocol;
    const connectTarget = req.ownHost ? undefined : this.connectTarget;
    const via = connectTarget?.label;
    const limits = this.options.limits ?? defaultReadLimits;
    const proxy = connectTarget ? undefined : selectProxy(url, { setting: this.options.proxy, noProxy: this.options.noProxy, env: this.options.env ?? {} });
    const [{ request }, dispatcher] = await Promise.all([loadUndici(), this.dispatcher(proxy, connectTarget)]);

    if (req.signal?.aborted) throw new CancelledError();
    const controller = new AbortController();
    const onCancel = () => controller.abort(new CancelledError());
    req.signal?.addEventListener('abort', onCancel, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (phase: 'response' | 'stream') => {
      clearTimeout(timer);
      if (this.options.timeoutMs > 0) {
        timer = setTimeout(() => controller.abort(new TimeoutError(this.options.timeoutMs, phase, host)), this.options.timeoutMs);
      }
    };
    const release = () => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCancel);
    };

    arm('response');
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal: controller.signal,
        dispatcher,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    } catch (error) {
      release();
      if (controller.signal.aborted) throw controller.signal.reason;
      if (errorCode(error) === 'UND_ERR_HEADERS_OVERFLOW') throw new ResponseTooLargeError('headers', host, limits.maxHeaderBytes);
      throw this.networkError(error, host, proxy, connectTarget);
    }
    if (req.stream) arm('stream');

    const body = response.body;
    let consumed = false;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      if (consumed) throw new Error('The response body was already read.');
      consumed = true;
      try {
        // Leaving this loop early (break, error, cancel) destroys the body and with it the socket.
        for await (const chunk of body) {
          if (req.stream) arm('stream');
          yield chunk as Uint8Array;
        }
      } catch (error) {
        // Our own abort (timeout, cancel) says why; anything else broke the body off.
        if (controller.signal.aborted) throw controller.signal.reason;
        throw new StreamError('cut', host, describeCode(errorCode(error)), error);
      } finally {
        release();
      }
    }
    // A body read whole stops at the cap: announced by content-length, or counted as it arrives.
    const bytes = async () => {
      const tooLarge = new ResponseTooLargeError('body', host, limits.maxBodyBytes);
      if (Number(response.headers['content-length']) > limits.maxBodyBytes) {
        body.destroy();
        release();
        throw tooLarge;
      }
      const parts: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of chunks()) {
        size += chunk.byteLength;
        if (size > limits.maxBodyBytes) throw tooLarge;
        parts.push(chunk);
      }
      return Buffer.concat(parts);
    };
    return {
      status: response.statusCode,
      host,
      via,
      header: (name) => {
        const value = response.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      chunks,
      bytes,
      text: async () => new TextDecoder().decode(await bytes()),
    };
  }

  async close(): Promise<void> {
    const all = [this.direct, this.plain, ...this.proxies.values()].filter((d): d is Promise<Dispatcher> => d !== undefined);
    this.direct = undefined;
    this.plain = undefined;
    this.proxies.clear();
    await Promise.all(all.map(async (d) => (await d).close()));
  }

  private dispatcher(proxy: string | undefined, connectTarget: ConnectTarget | undefined): Promise<Dispatcher> {
    if (proxy) {
      let agent = this.proxies.get(proxy);
      if (!agent) {
        const options = {
          uri: proxy,
          maxHeaderSize: (this.options.limits ?? defaultReadLimits).maxHeaderBytes,
          requestTls: this.options.connect?.ca ? { ca: this.options.connect.ca } : undefined,
        };
        agent = import('../lazy/undici').then(({ ProxyAgent }) => new ProxyAgent(options));
        this.proxies.set(proxy, agent);
      }
      return agent;
    }
    if (!connectTarget) return (this.plain ??= this.createDirect(undefined));
    return (this.direct ??= this.createDirect(connectTarget));
  }

  private async createDirect(target: ConnectTarget | undefined): Promise<AgentType> {
    const { Agent, buildConnector } = await import('../lazy/undici');
    const maxHeaderSize = (this.options.limits ?? defaultReadLimits).maxHeaderBytes;
    const seam = this.options.connect;
    if (!target) return new Agent({ maxHeaderSize, connect: seam ? { ...seam } : undefined });
    const connect = buildConnector({ ...seam });
    return new Agent({
      maxHeaderSize,
      connect: (opts, callback) =>
        connect(
          {
            ...opts,
            hostname: target.hostname,
            port: target.port === undefined ? opts.port : String(target.port),
            // TLS still names (and verifies) the platform host, as curl --connect-to does.
            servername: opts.servername || (isIP(opts.hostname) ? undefined : opts.hostname),
          },
          callback,
        ),
    });
  }

  private networkError(error: unknown, host: string, proxy: string | undefined, connectTarget: ConnectTarget | undefined): Error {
    const code = errorCode(error);
    if (!NETWORK_CODE.test(code) && !proxy) return error instanceof Error ? error : new Error(String(error));
    const detail = error instanceof Error ? error.message : undefined;
    if (connectTarget) return new NetworkError(code, host, { target: connectTarget.label, via: 'connect-to', detail, cause: error });
    if (proxy) return new NetworkError(code, host, { target: new URL(proxy).host, via: 'proxy', detail, cause: error });
    return new NetworkError(code, host, { detail, cause: error });
  }
}

/** The error code of a failure, looking through undici's and Node's wrappers. */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown }; errors?: Array<{ code?: unknown }> } | undefined;
  const code = e?.code ?? e?.cause?.code ?? e?.errors?.[0]?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}
