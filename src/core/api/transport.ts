// One HTTP exchange over undici (loaded lazily): dispatcher choice (connect-to, proxy, direct),
// timeout and cancellation through one AbortController, and mapping of every low-level failure
// to the typed errors of errors.ts.
//
// connect-to works like `curl --connect-to`: the URL, the Host header and TLS SNI keep the platform
// name; only the TCP connection is dialled elsewhere, by an undici Agent whose `connect` swaps the
// address. An explicit scheme on the target (`http://127.0.0.1:8787`) also sets how to talk there.
import { isIP } from 'node:net';
import type { Agent as AgentType, Dispatcher } from 'undici';
import { CancelledError, NetworkError, StreamError, TimeoutError, describeCode } from './errors';
import { selectProxy } from './proxy';
import { parseConnectTo, type ConnectTarget } from './routes';

export interface TransportOptions {
  connectTo?: string;
  /** VS Code `http.proxy`. */
  proxy?: string;
  noProxy?: readonly string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** Whole exchange for ordinary calls; silence between chunks for streams. 0 disables. */
  timeoutMs: number;
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
  header(name: string): string | undefined;
  /**
   * The body, chunk by chunk; leaving the loop early closes the connection. A body nobody reads
   * is freed by the caller's signal or, at the latest, by the timeout.
   */
  chunks(): AsyncGenerator<Uint8Array>;
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
}

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

  async send(req: SendRequest): Promise<TransportResponse> {
    const host = req.url.host;
    const url = new URL(req.url.href);
    const connectTarget = req.ownHost ? undefined : this.connectTarget;
    if (connectTarget?.protocol) url.protocol = connectTarget.protocol;
    const proxy = connectTarget ? undefined : selectProxy(url, { setting: this.options.proxy, noProxy: this.options.noProxy, env: this.options.env ?? {} });
    const [{ request }, dispatcher] = await Promise.all([import('../lazy/undici'), this.dispatcher(proxy, connectTarget)]);

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
      throw controller.signal.aborted ? controller.signal.reason : this.networkError(error, host, proxy, connectTarget);
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
    const bytes = async () => {
      const parts: Uint8Array[] = [];
      for await (const chunk of chunks()) parts.push(chunk);
      return Buffer.concat(parts);
    };
    return {
      status: response.statusCode,
      host,
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
        agent = import('../lazy/undici').then(({ ProxyAgent }) => new ProxyAgent(proxy));
        this.proxies.set(proxy, agent);
      }
      return agent;
    }
    if (!connectTarget) {
      this.plain ??= import('../lazy/undici').then(({ Agent }) => new Agent());
      return this.plain;
    }
    this.direct ??= this.createDirect(connectTarget);
    return this.direct;
  }

  private async createDirect(target: ConnectTarget): Promise<AgentType> {
    const { Agent, buildConnector } = await import('../lazy/undici');
    const connect = buildConnector({});
    return new Agent({
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
