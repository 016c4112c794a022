// ChutesClient: the one network path of the extension (docs/architecture.md). Every call resolves credentials,
// signs the exact bytes it sends, retries only what is safe to repeat, and fails with a typed error
// that carries the server's own words.
import type { Credentials } from '../auth/credentials';
import { chutesHeaders, hotkeyFromSeed, type ChutesPayload } from '../auth/signing';
import { chutesEventBatches, chutesEvents, eachOf, rawErrorMessage } from './chutesStream';
import {
  AuthRequiredError,
  CancelledError,
  ChutesApiError,
  MalformedResponseError,
  StreamError,
  UntrustedEndpointError,
  excerpt,
  renderDetail,
  type ErrorDetail,
} from './errors';
import {
  aPage,
  anObject,
  buildLogLine,
  instanceLogEvent,
  isRecord,
  joinCords,
  parseJson,
  toPage,
  warmupEvent,
} from './responses';
import { defaultRetryPolicy, withRetry, type RetryClock, type RetryPolicy } from './retry';
import { buildUrl, pathName, signingPurpose, targetOrigin, type HostTarget } from './routes';
import type { SseEvent } from './sse';
import { Transport, defaultReadLimits, type ConnectOptions, type ReadLimits, type TransportResponse } from './transport';
import { assertTransportAllowed, needsConfirmation, type Contacted } from './trust';
import type {
  ApiKey,
  ApiKeyCreated,
  BuildLogLine,
  ChatCompletion,
  ChatCompletionChunk,
  ChatRequest,
  Chute,
  ChuteArgs,
  ChuteUpdateArgs,
  CordResult,
  CordRoute,
  CreateApiKeyArgs,
  CreateSecretArgs,
  DeleteResult,
  E2eInstances,
  Image,
  InstanceLogEvent,
  ListChutesParams,
  ListImagesParams,
  Me,
  ModelList,
  Page,
  PageParams,
  Pricing,
  Secret,
  ShareArgs,
  TeeChuteEvidence,
  TeeInstanceEvidence,
  WarmupEvent,
} from './types';

export type { Credentials };

export interface ClientConfig {
  /** e.g. https://api.chutes.ai or http://127.0.0.1:8787 */
  apiBaseUrl: string;
  /** chutes.ai gives llm.chutes.ai and <slug>.chutes.ai */
  platformDomain: string;
  /** 'host:port' or 'http://host:port': every request is dialled there, the Host header is kept. */
  connectTo?: string;
  /** Per request; for streams, the longest silence between chunks. Default 30 s. */
  timeoutMs?: number;
  /** Resolved for every request, so a new key or hotkey applies at once. */
  auth: () => Promise<Credentials | undefined>;
  /** VS Code http.proxy; without it HTTPS_PROXY/HTTP_PROXY apply, honouring NO_PROXY. */
  proxy?: string;
  /** VS Code http.noProxy entries. */
  noProxy?: readonly string[];
  userAgent?: string;
  /**
   * Asked once per host (until it answers true) before the first request that carries credentials
   * to a host that is neither the default platform over https nor loopback; `host` is the address
   * really dialled (`name[:port]`). False, or no callback at all, sends nothing and fails with an
   * UntrustedEndpointError('declined'). docs/trust.md.
   */
  confirmHost?: (host: string) => Promise<boolean>;
}

/** Test seams and tuning; production code passes none of these. */
export interface ClientOptions {
  env?: Readonly<Record<string, string | undefined>>;
  retryPolicy?: RetryPolicy;
  clock?: RetryClock;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown; method: string; path: string }) => void;
  /** Read caps; the defaults suit production (transport.ts). */
  limits?: Partial<ReadLimits>;
  /** How sockets are opened (a CA, a resolver), for TLS tests on loopback. */
  connect?: ConnectOptions;
}

/** Per-request additions for invocations (chat and cords). */
export interface RequestOptions {
  /** Extra headers, e.g. `X-TEE-Only: true` so the platform refuses a non-TEE chute (426). */
  headers?: Record<string, string>;
  /** The chute's standard template: for 'vllm' the body's `stream` must equal the cord's (docs/platform.md §8). */
  template?: string | null;
  /**
   * Another server than the platform (a local `chutes run --dev`, a custom OpenAI-compatible
   * endpoint). No Chutes credentials go there; `sign` may add headers over the exact body bytes
   * (Epistula, docs/platform.md §1.5).
   */
  endpoint?: { origin: string; sign?: (body: Uint8Array) => Promise<Record<string, string>> };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined>;

interface Call {
  method: Method;
  route: string;
  /** An absolute URL instead of a platform route (fetchExternal). */
  url?: URL;
  target?: HostTarget;
  query?: Query;
  json?: unknown;
  /** 'required': fail locally without credentials; 'optional': sign when we can; 'none': never sign. */
  auth: 'required' | 'optional' | 'none';
  stream?: boolean;
  accept?: string;
  headers?: Record<string, string>;
  /** Headers computed over the exact body bytes sent (Epistula). */
  sign?: (body: Uint8Array) => Promise<Record<string, string>>;
  signal?: AbortSignal;
}

const JSON_TYPE = /^application\/(.+\+)?json\b/i;
/** The server takes page 0..100 (docs/platform.md §2.2). */
const LAST_PAGE = 100;

export class ChutesClient {
  private readonly transport: Transport;
  private readonly limits: ReadLimits;
  /** Hosts confirmed for credentials, or being asked about (one question per host at a time). */
  private readonly confirmations = new Map<string, Promise<boolean>>();

  constructor(
    readonly config: ClientConfig,
    private readonly options: ClientOptions = {},
  ) {
    this.limits = { ...defaultReadLimits, ...options.limits };
    this.transport = new Transport({
      limits: this.limits,
      connect: options.connect,
      connectTo: config.connectTo,
      proxy: config.proxy,
      noProxy: config.noProxy,
      env: options.env ?? process.env,
      timeoutMs: config.timeoutMs ?? 30_000,
    });
  }

  /** Frees pooled connections. */
  close(): Promise<void> {
    return this.transport.close();
  }

  // --- account and platform -------------------------------------------------------------------

  ping(signal?: AbortSignal): Promise<{ message: string }> {
    return this.json({ method: 'GET', route: '/ping', auth: 'none', signal }, anObject);
  }

  me(signal?: AbortSignal): Promise<Me> {
    const expect = { what: 'a user ({username, user_id, ...})', test: (v: unknown) => isRecord(v) && typeof v.username === 'string' };
    return this.json({ method: 'GET', route: '/users/me', auth: 'required', signal }, expect);
  }

  pricing(signal?: AbortSignal): Promise<Pricing> {
    return this.json({ method: 'GET', route: '/pricing', auth: 'none', signal }, anObject);
  }

  // --- chutes ---------------------------------------------------------------------------------

  /** One page of chutes, with each item's cords re-joined from `cord_refs`. */
  async listChutes(params: ListChutesParams = {}, signal?: AbortSignal): Promise<Page<Chute>> {
    return joinCords(await this.page<Chute>('/chutes/', { ...params }, 'optional', signal));
  }

  /** Pages of any list call, from `params.page` (default 0) until `total` is reached. */
  async *paginate<T, P extends PageParams>(
    list: (params: P, signal?: AbortSignal) => Promise<Page<T>>,
    params: P,
    signal?: AbortSignal,
  ): AsyncGenerator<Page<T>> {
    for (let page = params.page ?? 0; page <= LAST_PAGE; page++) {
      const result = await list({ ...params, page }, signal);
      yield result;
      const limit = result.limit || result.items.length;
      if (!result.items.length || (page + 1) * limit >= result.total) return;
    }
  }

  async getChute(idOrName: string, signal?: AbortSignal): Promise<Chute> {
    return this.json({ method: 'GET', route: `/chutes/${pathName(idOrName)}`, auth: 'optional', signal }, anObject);
  }

  /** POST /chutes/. Never retried: a repeated deploy could be charged twice. */
  deployChute(args: ChuteArgs, options: { acceptFee: boolean; chutesVersion?: string }, signal?: AbortSignal): Promise<Chute> {
    const headers = options.chutesVersion ? { 'X-Chutes-Version': options.chutesVersion } : undefined;
    return this.json(
      { method: 'POST', route: '/chutes/', query: { accept_fee: options.acceptFee }, json: args, auth: 'required', headers, signal },
      anObject,
    );
  }

  async updateChute(idOrName: string, args: ChuteUpdateArgs, signal?: AbortSignal): Promise<Chute> {
    return this.json({ method: 'PUT', route: `/chutes/${pathName(idOrName)}`, json: args, auth: 'required', signal }, anObject);
  }

  /** The server needs the chute's UUID here, not its name. */
  async deleteChute(chuteId: string, signal?: AbortSignal): Promise<DeleteResult> {
    return this.json({ method: 'DELETE', route: `/chutes/${pathName(chuteId)}`, auth: 'required', signal }, anObject);
  }

  shareChute(args: ShareArgs, signal?: AbortSignal): Promise<{ status: string }> {
    return this.json({ method: 'POST', route: '/chutes/share', json: args, auth: 'required', signal }, anObject);
  }

  unshareChute(args: ShareArgs, signal?: AbortSignal): Promise<{ status: string }> {
    return this.json({ method: 'POST', route: '/chutes/unshare', json: args, auth: 'required', signal }, anObject);
  }

  /** Warmup progress (SSE) until the server closes the stream, normally after a 'hot' event. */
  async *warmup(idOrName: string, signal?: AbortSignal): AsyncGenerator<WarmupEvent> {
    // The server needs a user here (it checks the caller's balance), even for public chutes.
    const res = await this.send({ ...this.streamCall(`/chutes/warmup/${pathName(idOrName)}`, signal), auth: 'required' });
    for await (const event of chutesEvents(res.chunks(), { ...this.streamLimits(), host: res.host, signal })) yield warmupEvent(event.data);
  }

  async chuteCode(chuteId: string, signal?: AbortSignal): Promise<string> {
    return this.text({ method: 'GET', route: `/chutes/code/${pathName(chuteId)}`, auth: 'optional', accept: 'text/plain', signal });
  }

  // --- images ---------------------------------------------------------------------------------

  // Unlike chutes, images are never listed or shown to a caller the server cannot name.
  listImages(params: ListImagesParams = {}, signal?: AbortSignal): Promise<Page<Image>> {
    return this.page('/images/', { ...params }, 'required', signal);
  }

  async getImage(idOrName: string, signal?: AbortSignal): Promise<Image> {
    return this.json({ method: 'GET', route: `/images/${pathName(idOrName)}`, auth: 'required', signal }, anObject);
  }

  async deleteImage(idOrName: string, signal?: AbortSignal): Promise<DeleteResult> {
    return this.json({ method: 'DELETE', route: `/images/${pathName(idOrName)}`, auth: 'required', signal }, anObject);
  }

  /**
   * Build log lines. A finished build answers with the whole log as text/plain; a running one with
   * an event stream of `data:` lines ending in `DONE` (docs/platform.md §2.3). Pass the last `offset` back
   * to resume.
   */
  async *imageBuildLogs(imageId: string, offset?: string, signal?: AbortSignal): AsyncGenerator<BuildLogLine> {
    const call = this.streamCall(`/images/${pathName(imageId)}/logs`, signal);
    const res = await this.send({ ...call, query: { offset }, auth: 'optional', accept: 'text/event-stream, text/plain' });
    if (isEventStream(res)) {
      for await (const event of chutesEvents(res.chunks(), { ...this.streamLimits(), host: res.host, mode: 'lines', signal })) yield buildLogLine(event.data);
      return;
    }
    const lines = (await res.text()).split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    for (const log of lines) yield { log };
  }

  // --- API keys and secrets -------------------------------------------------------------------

  listApiKeys(params: PageParams = {}, signal?: AbortSignal): Promise<Page<ApiKey>> {
    return this.page('/api_keys/', { ...params }, 'required', signal);
  }

  /** The answer is the only place the key's plaintext (`secret_key`) ever appears. */
  createApiKey(args: CreateApiKeyArgs, signal?: AbortSignal): Promise<ApiKeyCreated> {
    return this.json({ method: 'POST', route: '/api_keys/', json: args, auth: 'required', signal }, anObject);
  }

  async getApiKey(apiKeyId: string, signal?: AbortSignal): Promise<ApiKey> {
    return this.json({ method: 'GET', route: `/api_keys/${pathName(apiKeyId)}`, auth: 'required', signal }, anObject);
  }

  async deleteApiKey(apiKeyId: string, signal?: AbortSignal): Promise<DeleteResult> {
    return this.json({ method: 'DELETE', route: `/api_keys/${pathName(apiKeyId)}`, auth: 'required', signal }, anObject);
  }

  listSecrets(params: PageParams = {}, signal?: AbortSignal): Promise<Page<Secret>> {
    return this.page('/secrets/', { ...params }, 'required', signal);
  }

  createSecret(args: CreateSecretArgs, signal?: AbortSignal): Promise<Secret> {
    return this.json({ method: 'POST', route: '/secrets/', json: args, auth: 'required', signal }, anObject);
  }

  async deleteSecret(secretId: string, signal?: AbortSignal): Promise<DeleteResult> {
    return this.json({ method: 'DELETE', route: `/secrets/${pathName(secretId)}`, auth: 'required', signal }, anObject);
  }

  // --- instances, logs, attestation -----------------------------------------------------------

  /** Live instance logs after `backfill` past lines (0..10000). Runs until cancelled or closed. */
  async *instanceLogs(instanceId: string, backfill = 100, signal?: AbortSignal): AsyncGenerator<InstanceLogEvent> {
    const call = this.streamCall(`/instances/${pathName(instanceId)}/logs`, signal);
    const res = await this.send({ ...call, query: { backfill }, auth: 'required' });
    for await (const event of chutesEvents(res.chunks(), { ...this.streamLimits(), host: res.host, mode: 'lines', signal })) yield instanceLogEvent(event.data);
  }

  /** TEE evidence of every active instance, bound to `nonce` (64 hex). */
  async evidence(chuteIdOrName: string, nonce: string, signal?: AbortSignal): Promise<TeeChuteEvidence> {
    const expect = { what: 'TEE evidence ({evidence: [...]})', test: (v: unknown) => isRecord(v) && Array.isArray(v.evidence) };
    return this.json({ method: 'GET', route: `/chutes/${pathName(chuteIdOrName)}/evidence`, query: { nonce }, auth: 'optional', signal }, expect);
  }

  async instanceEvidence(instanceId: string, nonce: string, signal?: AbortSignal): Promise<TeeInstanceEvidence> {
    return this.json({ method: 'GET', route: `/instances/${pathName(instanceId)}/evidence`, query: { nonce }, auth: 'required', signal }, anObject);
  }

  /** E2E-capable instances with their ML-KEM public keys (API key only). */
  async e2eInstances(chuteId: string, signal?: AbortSignal): Promise<E2eInstances> {
    const expect = { what: 'an instance list ({instances: [...]})', test: (v: unknown) => isRecord(v) && Array.isArray(v.instances) };
    return this.json({ method: 'GET', route: `/e2e/instances/${pathName(chuteId)}`, auth: 'required', signal }, expect);
  }

  /** The platform's accepted TD measurements (no auth; newest servers only, docs/platform.md §8). */
  teeMeasurements(signal?: AbortSignal): Promise<unknown> {
    return this.json({ method: 'GET', route: '/servers/tee/measurements', auth: 'none', signal });
  }

  /**
   * GET of a URL outside the platform (a PCCS, a CRL distribution point): never credentials, but the
   * same transport, proxy, timeouts and retries as every other call. Resolves with a 2xx answer.
   */
  async fetchExternal(url: string, signal?: AbortSignal): Promise<{ status: number; header(name: string): string | undefined; bytes: Uint8Array }> {
    const res = await this.send({ method: 'GET', url: new URL(url), route: '', auth: 'none', accept: '*/*', signal });
    return { status: res.status, header: (name) => res.header(name), bytes: await res.bytes() };
  }

  // --- invocation -----------------------------------------------------------------------------

  /**
   * Calls a cord on `<slug>.<domain><public_api_path>`. The answer comes back by content type
   * (JSON, text or bytes), or, for a streaming cord, as it arrives: the data of each event when the
   * chute sends SSE, else the raw text the chute yields (docs/platform.md §8). POST invocations are
   * not retried.
   */
  async invokeCord(slug: string, cord: CordRoute, body?: unknown, signal?: AbortSignal, options: RequestOptions = {}): Promise<CordResult> {
    const method = cord.public_api_method.toUpperCase() === 'GET' ? 'GET' : 'POST';
    // vLLM-template chutes pick the cord by the body's `stream` as well as path and method.
    const payload = options.template === 'vllm' && isRecord(body ?? {}) ? { ...(body as object), stream: cord.stream } : (body ?? {});
    const res = await this.send({
      method,
      ...this.invocationTarget({ slug }, options),
      route: cord.public_api_path,
      json: method === 'POST' ? payload : undefined,
      stream: cord.stream,
      accept: cord.stream ? 'text/event-stream' : '*/*',
      signal,
    });
    const contentType = res.header('content-type') ?? '';
    const base = { status: res.status, contentType, invocationId: res.header('x-chutes-invocationid') };
    if (cord.stream) return { ...base, kind: 'stream', ...(await cordStream(res, signal, this.streamLimits())) };
    if (JSON_TYPE.test(contentType)) return { ...base, kind: 'json', value: parseJson(await res.text(), res.status, res.host) };
    if (/^text\//i.test(contentType)) return { ...base, kind: 'text', text: await res.text() };
    return { ...base, kind: 'bytes', bytes: await res.bytes() };
  }

  /** OpenAI-compatible models on llm.<domain> (no auth needed). */
  models(signal?: AbortSignal): Promise<ModelList> {
    const expect = { what: 'a model list ({data: [...]})', test: (v: unknown) => isRecord(v) && Array.isArray(v.data) };
    return this.json({ method: 'GET', target: 'llm', route: '/v1/models', auth: 'none', signal }, expect);
  }

  chatCompletions(body: ChatRequest, signal?: AbortSignal, options: RequestOptions = {}): Promise<ChatCompletion> {
    const expect = { what: 'a chat completion ({choices: [...]})', test: (v: unknown) => isRecord(v) && Array.isArray(v.choices) };
    const target = this.invocationTarget('llm', options);
    return this.json({ method: 'POST', ...target, route: '/v1/chat/completions', json: { ...body, stream: false }, signal }, expect);
  }

  /**
   * Streams chat completion chunks until `data: [DONE]`; the last chunk before it carries `usage`
   * (the server forces include_usage). A stream that stops without [DONE] is a StreamError('cut').
   */
  streamChat(body: ChatRequest, signal?: AbortSignal, options: RequestOptions = {}): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    return eachOf(this.chatChunkBatches(body, signal, options), signal);
  }

  /** The chunks of each network read together: a chat sends many per read (see eachOf). */
  async *chatChunkBatches(body: ChatRequest, signal?: AbortSignal, options: RequestOptions = {}): AsyncGenerator<ChatCompletionChunk[]> {
    const res = await this.send({
      method: 'POST',
      ...this.invocationTarget('llm', options),
      route: '/v1/chat/completions',
      json: { ...body, stream: true },
      stream: true,
      accept: 'text/event-stream',
      signal,
    });
    if (!isEventStream(res)) {
      const text = await res.text();
      throw new MalformedResponseError(res.status, res.host, 'a body that is not an event stream', text);
    }
    for await (const events of chutesEventBatches(res.chunks(), { ...this.streamLimits(), host: res.host, requireDone: true })) {
      const chunks: ChatCompletionChunk[] = [];
      let failure: Error | undefined;
      for (const event of events) {
        try {
          const chunk = parseJson<ChatCompletionChunk>(event.data, res.status, res.host, anObject);
          const error = (chunk as { error?: unknown }).error;
          if (error !== undefined && !Array.isArray(chunk.choices)) throw new StreamError('server', res.host, renderDetail(error));
          chunks.push(chunk);
        } catch (error) {
          failure = error as Error;
          break;
        }
      }
      // The chunks before a bad one still come out before its error, as they would one by one.
      if (chunks.length > 0) yield chunks;
      if (failure) throw failure;
    }
  }

  // --- plumbing -------------------------------------------------------------------------------

  private streamLimits(): { maxLineBytes: number; maxEventBytes: number } {
    return { maxLineBytes: this.limits.maxLineBytes, maxEventBytes: this.limits.maxEventBytes };
  }

  /** Where an invocation goes and how it is authenticated: the platform with our credentials, or the user's own server without them. */
  private invocationTarget(platform: HostTarget, options: RequestOptions): Pick<Call, 'target' | 'auth' | 'headers' | 'sign'> {
    if (options.endpoint) return { target: { origin: options.endpoint.origin }, auth: 'none', headers: options.headers, sign: options.endpoint.sign };
    return { target: platform, auth: 'required', headers: options.headers };
  }

  private streamCall(route: string, signal: AbortSignal | undefined): Omit<Call, 'auth'> {
    return { method: 'GET', route, stream: true, accept: 'text/event-stream', signal };
  }

  private async page<T>(route: string, query: Query, auth: Call['auth'], signal: AbortSignal | undefined): Promise<Page<T>> {
    return toPage<T>(await this.json({ method: 'GET', route, query, auth, signal }, aPage));
  }

  private async json<T>(call: Call, expect?: { what: string; test(value: unknown): boolean }): Promise<T> {
    const res = await this.send(call);
    return parseJson<T>(await res.text(), res.status, res.host, expect);
  }

  private async text(call: Call): Promise<string> {
    return (await this.send(call)).text();
  }

  /** Sends with retries (idempotent methods only); resolves with a 2xx response. */
  private async send(call: Call): Promise<TransportResponse> {
    const url = call.url ?? buildUrl(targetOrigin(call.target ?? 'api', this.config.apiBaseUrl, this.config.platformDomain), call.route, call.query);
    // Refused before credentials are even read: plain http off loopback, an https→http connect-to.
    // A server the user named (a local `chutes run --dev`, a custom endpoint) is dialled as addressed.
    const ownHost = typeof call.target === 'object' && 'origin' in call.target;
    const contacted = this.transport.contacted(url, ownHost);
    assertTransportAllowed(contacted, url.host);
    // Serialised once: these exact bytes are hashed for the signature and sent.
    const body = call.json === undefined ? undefined : Buffer.from(JSON.stringify(call.json));
    return withRetry(
      async () => {
        const headers: Record<string, string> = {
          'user-agent': this.config.userAgent ?? 'chutes-vscode',
          accept: call.accept ?? 'application/json',
          ...call.headers,
          ...(await this.authHeaders(call, url, body, contacted)),
          ...(call.sign ? await call.sign(body ?? new Uint8Array()) : {}),
        };
        if (body) headers['content-type'] = 'application/json';
        const res = await this.transport.send({ method: call.method, url, headers, body, signal: call.signal, stream: call.stream, ownHost });
        if (res.status >= 200 && res.status < 300) return res;
        throw await apiError(res, call.method, url);
      },
      {
        method: call.method,
        policy: this.options.retryPolicy ?? defaultRetryPolicy,
        clock: this.options.clock,
        signal: call.signal,
        onRetry: (info) => this.options.onRetry?.({ ...info, method: call.method, path: url.pathname }),
      },
    );
  }

  /** The user's answer for `host`, asked once; a no is not kept, so the next request asks again. */
  private confirmed(host: string): Promise<boolean> {
    const key = host.toLowerCase();
    let answer = this.confirmations.get(key);
    if (!answer) {
      const ask = this.config.confirmHost;
      // Anything but a plain true (a throw, a closed window) is a no.
      answer = ask ? Promise.resolve(key).then(ask).then((yes) => yes === true, () => false) : Promise.resolve(false);
      this.confirmations.set(key, answer);
      void answer.then((yes) => {
        if (!yes) this.confirmations.delete(key);
      });
    }
    return answer;
  }

  private async authHeaders(call: Call, url: URL, body: Uint8Array | undefined, contacted: Contacted): Promise<Record<string, string>> {
    if (call.auth === 'none') return {};
    const credentials = await this.config.auth();
    if (!credentials) {
      if (call.auth === 'required') throw new AuthRequiredError('signed-out', call.method, url.pathname);
      return {};
    }
    if (needsConfirmation(contacted) && !(await this.confirmed(contacted.label))) {
      throw new UntrustedEndpointError(
        'declined',
        contacted.label,
        `Your Chutes credentials were not sent to ${contacted.label}: it is not the Chutes platform, and it was not confirmed as a host you chose. Nothing was sent.`,
      );
    }
    if (credentials.kind === 'apiKey') return { authorization: `Bearer ${credentials.apiKey.trim()}` };
    const payload = hotkeyPayload(call.method, url.pathname, body);
    if (!payload) {
      if (call.auth === 'required') throw new AuthRequiredError('api-key-only', call.method, url.pathname);
      return {};
    }
    const hotkey = await hotkeyFromSeed(credentials.seedHex);
    const nonce = Math.floor((this.options.clock?.now() ?? Date.now()) / 1000);
    return chutesHeaders(hotkey, payload, { nonce, userId: credentials.userId });
  }
}

/** Body hash for writes (the server hashes POST/PUT/PATCH bodies), else the route's purpose. */
function hotkeyPayload(method: string, pathname: string, body: Uint8Array | undefined): ChutesPayload | undefined {
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') return { body: body ?? new Uint8Array() };
  const purpose = signingPurpose(method, pathname);
  return purpose ? { purpose } : undefined;
}

function isEventStream(res: TransportResponse): boolean {
  return /^text\/event-stream\b/i.test(res.header('content-type') ?? '');
}

/**
 * A streaming cord's answer. The server passes the chute's yielded strings through unchanged under
 * text/event-stream (docs/platform.md §8), so the first bytes decide: SSE framing gives the data of
 * each event, anything else is raw text handed out as it arrives. A raw `{"error": ...}` object at
 * the end of raw text is the server's mid-stream failure, as in SSE streams.
 */
async function cordStream(
  res: TransportResponse,
  signal: AbortSignal | undefined,
  limits: { maxLineBytes: number; maxEventBytes: number },
): Promise<{ format: 'sse' | 'text'; chunks: AsyncIterable<string> }> {
  const body = res.chunks();
  // Read until the first bytes decide (a chunk may hold only "dat").
  const head: Uint8Array[] = [];
  let framing: 'sse' | 'text' | undefined;
  while (!framing) {
    const step = await body.next();
    if (step.done) break;
    head.push(step.value);
    framing = sseFraming(Buffer.concat(head));
  }
  const replay = async function* (): AsyncGenerator<Uint8Array> {
    yield* head;
    yield* body;
  };
  if (framing === 'sse') {
    return { format: 'sse', chunks: eachOf(eventData(chutesEventBatches(replay(), { ...limits, host: res.host, signal })), signal) };
  }
  return { format: 'text', chunks: rawText(replay(), res.host, signal) };
}

async function* eventData(batches: AsyncGenerator<SseEvent[]>): AsyncGenerator<string[]> {
  for await (const events of batches) yield events.map((event) => event.data);
}

const SSE_FIELDS = ['data:', 'event:', 'id:', 'retry:', ':'];

/** 'sse' when a stream's first bytes are SSE framing (a field or a comment), 'text' when not, undefined while too few to tell. */
function sseFraming(bytes: Uint8Array): 'sse' | 'text' | undefined {
  const text = new TextDecoder().decode(bytes.subarray(0, 16)).replace(/^\uFEFF?[\r\n]*/, '');
  if (SSE_FIELDS.some((field) => text.startsWith(field))) return 'sse';
  if (text.length < 6 && SSE_FIELDS.some((field) => field.startsWith(text))) return undefined;
  return 'text';
}

async function* rawText(chunks: AsyncIterable<Uint8Array>, host: string, signal: AbortSignal | undefined): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    if (signal?.aborted) throw new CancelledError();
    const text = decoder.decode(chunk, { stream: true });
    const at = text.lastIndexOf('{"error"');
    const serverError = at < 0 ? undefined : rawErrorMessage(text.slice(at).trim());
    if (serverError !== undefined) {
      if (at > 0) yield text.slice(0, at);
      throw new StreamError('server', host, serverError);
    }
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A ChutesApiError from a non-2xx answer: `{"detail": ...}` when it is JSON, else a text excerpt. */
async function apiError(res: TransportResponse, method: string, url: URL): Promise<ChutesApiError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // The body broke off: the status alone still makes a clear error.
  }
  let detail: ErrorDetail = excerpt(text) || null;
  try {
    const json: unknown = JSON.parse(text);
    detail = (isRecord(json) && 'detail' in json ? json.detail : json) as ErrorDetail;
  } catch {
    // Not JSON (a proxy's HTML page, plain text): the excerpt stands.
  }
  return new ChutesApiError({
    status: res.status,
    detail,
    method,
    path: url.pathname,
    host: res.host,
    via: res.via,
    invocationId: res.header('x-chutes-invocationid'),
    retryAfter: res.header('retry-after'),
  });
}
