// Shapes of the Chutes API as the reference describes them (§2). The server adds fields over time,
// so objects stay open where it matters, and optional where old rows may lack them.

/** The paging envelope (API api/pagination.py). `cord_refs` only on chute lists. */
export interface Page<T> {
  total: number;
  page: number;
  limit: number;
  items: T[];
  cord_refs?: Record<string, Cord[]> | null;
}

export interface UserRef {
  username: string;
  user_id: string;
  logo_id?: string | null;
  created_at?: string;
  logo?: string | null;
}

export interface Cord {
  method: string;
  path: string;
  function: string;
  stream: boolean;
  passthrough?: boolean;
  public_api_path?: string | null;
  public_api_method?: string | null;
  input_schema?: unknown;
  output_schema?: unknown;
  output_content_type?: string | null;
  minimal_input_schema?: unknown;
}

export interface NodeSelector {
  gpu_count: number;
  min_vram_gb_per_gpu: number;
  max_hourly_price_per_gpu?: number | null;
  include?: string[] | null;
  exclude?: string[] | null;
  dynamic?: boolean;
  compute_multiplier?: number;
  supported_gpus?: string[];
}

export interface ChuteInstance {
  instance_id: string;
  region?: string;
  active: boolean;
  verified: boolean;
  last_verified_at?: string | null;
}

export type ImageStatus = 'pending build' | 'building' | 'built and pushed' | (string & {});

export interface Image {
  image_id: string;
  name: string;
  tag: string;
  readme?: string;
  public: boolean;
  status: ImageStatus;
  created_at?: string;
  build_started_at?: string | null;
  build_completed_at?: string | null;
  user?: UserRef;
  logo_id?: string | null;
  patch_version?: string | null;
  chutes_version?: string | null;
  logo?: string | null;
}

export interface UsdTao {
  usd: number;
  tao: number;
}

export interface EstimatedPrice {
  usd?: { hour: number; second: number };
  tao?: { hour: number; second: number };
  per_million_tokens?: { input: UsdTao; output: UsdTao; input_cache_read?: UsdTao };
  per_step?: UsdTao;
  per_request?: UsdTao;
  hourly_price_range?: Record<string, { min: number; max: number }>;
}

export interface Chute {
  chute_id: string;
  name: string;
  tagline?: string;
  readme?: string;
  public: boolean;
  version?: string;
  tool_description?: string | null;
  slug?: string | null;
  standard_template?: string | null;
  /** Null in list items until re-joined from `cord_refs` (ChutesClient.listChutes does it). */
  cords: Cord[] | null;
  jobs?: unknown[] | null;
  cord_ref_id?: string | null;
  created_at?: string;
  updated_at?: string;
  image?: Image;
  user?: UserRef;
  supported_gpus?: string[];
  node_selector?: NodeSelector;
  invocation_count?: number;
  current_estimated_price?: EstimatedPrice | null;
  instances?: ChuteInstance[];
  logo_id?: string | null;
  logo?: string | null;
  chutes_version?: string | null;
  revision?: string | null;
  concurrency?: number | null;
  max_instances?: number | null;
  scaling_threshold?: number | null;
  shutdown_after_seconds?: number | null;
  allow_external_egress?: boolean;
  tee?: boolean;
  hot?: boolean;
  [field: string]: unknown;
}

/** Body of POST /chutes/ (ChuteArgs, docs/platform.md §2.2). */
export interface ChuteArgs {
  name: string;
  image: string;
  public: boolean;
  code: string;
  filename: string;
  ref_str: string;
  node_selector: Partial<NodeSelector>;
  tagline?: string;
  readme?: string;
  tool_description?: string | null;
  logo_id?: string | null;
  standard_template?: string | null;
  cords?: Cord[];
  jobs?: unknown[];
  concurrency?: number | null;
  revision?: string | null;
  max_instances?: number;
  scaling_threshold?: number;
  shutdown_after_seconds?: number;
  allow_external_egress?: boolean;
  encrypted_fs?: boolean;
  tee?: boolean;
  lock_modules?: boolean | null;
}

/** Body of PUT /chutes/{x} (ChuteUpdateArgs). */
export interface ChuteUpdateArgs {
  tagline?: string;
  readme?: string;
  tool_description?: string | null;
  logo_id?: string | null;
  max_instances?: number;
  scaling_threshold?: number;
  shutdown_after_seconds?: number;
  disabled?: boolean;
}

export interface ListChutesParams {
  include_public?: boolean;
  template?: string;
  name?: string;
  exclude?: string;
  image?: string;
  slug?: string;
  page?: number;
  limit?: number;
  /** 0..5000; the server refuses it together with a non-zero `page`. */
  offset?: number;
  include_schemas?: boolean;
}

export interface ListImagesParams {
  include_public?: boolean;
  name?: string;
  tag?: string;
  page?: number;
  limit?: number;
}

export interface PageParams {
  page?: number;
  limit?: number;
}

/** GET /users/me (SelfResponse). */
export interface Me {
  username: string;
  user_id: string;
  logo_id?: string | null;
  logo?: string | null;
  created_at?: string;
  hotkey?: string | null;
  coldkey?: string | null;
  payment_address?: string | null;
  permissions_bitmask?: number;
  balance?: number;
  netuids?: number[] | null;
  quotas?: unknown;
  permissions?: string[];
  [field: string]: unknown;
}

export interface Pricing {
  tao_usd: number;
  compute_unit_estimate?: { usd: number; tao: number; description?: string };
  gpu_price_estimates?: Record<string, { usd: { hour: number; second: number }; tao: { hour: number; second: number } }>;
}

export interface ApiKeyScope {
  scope_id?: string;
  object_type: 'images' | 'chutes' | 'invocations' | (string & {});
  object_id?: string | null;
  action?: 'read' | 'write' | 'delete' | 'invoke' | null;
  /** The server's response name for action; always null in practice. */
  method?: string | null;
}

export interface ApiKey {
  api_key_id: string;
  user_id: string;
  admin: boolean;
  name: string;
  created_at?: string;
  last_used_at?: string | null;
  scopes: ApiKeyScope[];
}

/** The only response that carries the key's plaintext. */
export interface ApiKeyCreated extends ApiKey {
  secret_key: string;
}

export interface CreateApiKeyArgs {
  name: string;
  admin: boolean;
  scopes?: Array<Pick<ApiKeyScope, 'object_type' | 'object_id' | 'action'>>;
}

export interface Secret {
  secret_id: string;
  key: string;
  purpose: string;
  created_at?: string;
}

export interface CreateSecretArgs {
  /** Chute id or name the secret belongs to. */
  purpose: string;
  key: string;
  value: string;
}

export interface ShareArgs {
  chute_id_or_name: string;
  user_id_or_name: string;
}

/** `{<id field>: ..., deleted: true}` or `{status, secret_id}` depending on the route. */
export interface DeleteResult {
  deleted?: boolean;
  status?: string;
  [field: string]: unknown;
}

export interface WarmupEvent {
  /** 'cold' until the chute is ready, then 'hot'; '' when the event was not JSON. */
  status: string;
  log: string;
}

export interface BuildLogLine {
  log: string;
  stream?: 'stdout' | 'stderr' | (string & {});
  /** Redis stream id; pass the last one back to resume. */
  offset?: string;
}

export type InstanceLogEvent =
  | { type: 'log'; line: string }
  | { type: 'status'; event: string; filename?: string }
  | { type: 'error'; message: string };

export interface TeeInstanceEvidence {
  quote: string;
  gpu_evidence: unknown[];
  instance_id: string;
  certificate: string;
}

export interface TeeChuteEvidence {
  evidence: TeeInstanceEvidence[];
  failed_instance_ids: string[];
}

export interface E2eInstances {
  instances: Array<{ instance_id: string; e2e_pubkey: string; nonces: string[] }>;
  nonce_expires_in: number;
  nonce_expires_at: number;
}

/** How a cord is invoked: its public path and method, and whether it streams. */
export interface CordRoute {
  public_api_path: string;
  public_api_method: string;
  stream: boolean;
}

interface CordResultBase {
  status: number;
  contentType: string;
  invocationId?: string;
}

export type CordResult =
  | (CordResultBase & { kind: 'json'; value: unknown })
  | (CordResultBase & { kind: 'text'; text: string })
  | (CordResultBase & { kind: 'bytes'; bytes: Uint8Array })
  | (CordResultBase & { kind: 'stream'; format: 'sse' | 'text'; chunks: AsyncIterable<string> });

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {});
  content: string | unknown[] | null;
  [field: string]: unknown;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  [field: string]: unknown;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion' | (string & {});
  created: number;
  model: string;
  choices: Array<{ index: number; message: ChatMessage; finish_reason: string | null }>;
  usage?: Usage;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk' | (string & {});
  created: number;
  model: string;
  choices: Array<{ index: number; delta: Partial<ChatMessage>; finish_reason: string | null }>;
  /** Only on the final chunk, whose `choices` is empty. */
  usage?: Usage | null;
}

export interface ModelList {
  object: 'list';
  data: Array<{ id: string; chute_id?: string; [field: string]: unknown }>;
}
