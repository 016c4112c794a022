// Records the emulator keeps; field names follow the server's ORM so responses map one to one.
import type { NodeSelector } from './gpu';

/** Permission bits (API api/permissions.py). */
export const PERM = {
  developer: 1 << 0,
  free_account: 1 << 4,
  unlimited: 1 << 5,
  billing_admin: 1 << 6,
  unlimited_dev: 1 << 7,
  invoice_billing: 1 << 8,
  public_model_deployment: 1 << 11,
} as const;

export interface UserRec {
  user_id: string;
  username: string;
  hotkey: string;
  coldkey: string;
  payment_address: string;
  permissions_bitmask: number;
  balance: number;
  created_at: string;
  netuids: number[];
}

export interface ScopeRec { scope_id: string; object_type: string; object_id: string | null; action: string | null }

export interface ApiKeyRec {
  api_key_id: string;
  user_id: string;
  name: string;
  admin: boolean;
  /** sha256 hex of the full key; the plaintext is shown once at creation and never stored. */
  key_sha256: string;
  created_at: string;
  last_used_at: string | null;
  scopes: ScopeRec[];
}

export type LogPayload = string | { log: string; log_type: 'stdout' | 'stderr' };
export interface LogLine { at: number; log: LogPayload }

/** A build in progress: status is derived from the clock until it finishes. */
export interface BuildPlan { startMs: number; pendingMs: number; totalMs: number; error: string | null }

export interface ImageRec {
  image_id: string;
  user_id: string;
  name: string;
  tag: string;
  readme: string;
  public: boolean;
  status: string;
  created_at: string;
  build_started_at: string | null;
  build_completed_at: string | null;
  logo_id: string | null;
  patch_version: string | null;
  chutes_version: string;
  log: LogLine[];
  build: BuildPlan | null;
}

export interface CordRec {
  method: string;
  path: string;
  function: string;
  stream: boolean;
  passthrough: boolean | null;
  public_api_path: string | null;
  public_api_method: string | null;
  input_schema: Record<string, unknown> | null;
  output_schema: Record<string, unknown> | null;
  output_content_type: string | null;
  minimal_input_schema: Record<string, unknown> | null;
}

export interface InstanceRec {
  instance_id: string;
  region: string;
  active: boolean;
  verified: boolean;
  last_verified_at: string;
  /** base64 ML-KEM-768 public key for E2E (fake bytes), null for non-E2E instances. */
  e2e_pubkey: string | null;
  /** Emulator-only: the evidence fetch for this instance fails (lands in failed_instance_ids). */
  evidence_fails?: boolean;
}

export interface ChuteRec {
  chute_id: string;
  user_id: string;
  name: string;
  tagline: string;
  readme: string;
  tool_description: string | null;
  image_id: string;
  logo_id: string | null;
  public: boolean;
  standard_template: string | null;
  cords: CordRec[];
  jobs: Record<string, unknown>[];
  node_selector: NodeSelector;
  slug: string;
  code: string;
  filename: string;
  ref_str: string;
  version: string;
  concurrency: number | null;
  chutes_version: string;
  revision: string | null;
  created_at: string;
  updated_at: string;
  max_instances: number | null;
  scaling_threshold: number | null;
  shutdown_after_seconds: number | null;
  allow_external_egress: boolean;
  encrypted_fs: boolean;
  tee: boolean;
  lock_modules: boolean | null;
  immutable: boolean;
  disabled: boolean;
  invocation_count: number;
  instances: InstanceRec[];
}

export interface ShareRec { chute_id: string; shared_by: string; shared_to: string; shared_at: string }

/** The secret's value is discarded: the emulator never needs it and so never stores it. */
export interface SecretRec { secret_id: string; user_id: string; purpose: string; key: string; created_at: string }

export interface State {
  version: 1;
  users: UserRec[];
  apiKeys: ApiKeyRec[];
  images: ImageRec[];
  chutes: ChuteRec[];
  shares: ShareRec[];
  secrets: SecretRec[];
}

export const hasRole = (user: UserRec, bit: number): boolean => (user.permissions_bitmask & bit) === bit;
export const isHot = (chute: ChuteRec): boolean => chute.instances.some((i) => i.active && i.verified);
