// A declarative template chute (`*.chute.yaml` / `*.chute.json`), as described by
// schemas/chute-manifest.schema.json.

export type ManifestTemplate = 'vllm' | 'sglang' | 'diffusion' | 'embedding';

export interface ManifestNodeSelector {
  gpu_count?: number;
  min_vram_gb_per_gpu?: number;
  max_hourly_price_per_gpu?: number | null;
  include?: string[] | null;
  exclude?: string[] | null;
}

export interface ChuteManifest {
  template: ManifestTemplate;
  username: string;
  /** Hugging Face model id (the chute name for the LLM templates) or, for diffusion, a URL. */
  model: string;
  /** Chute name; diffusion only. */
  name?: string;
  revision?: string | null;
  image?: string;
  node_selector: ManifestNodeSelector;
  tagline?: string;
  readme?: string;
  concurrency?: number;
  max_instances?: number;
  scaling_threshold?: number;
  shutdown_after_seconds?: number;
  tee?: boolean;
  allow_external_egress?: boolean;
  engine_args?: string;
  pooling_type?: string;
  max_embed_len?: number;
  enable_chunked_processing?: boolean;
  pipeline_args?: Record<string, unknown>;
}

export type ManifestKind = 'yaml' | 'json';

/** Whether a file name is a chute manifest, and which kind. */
export function manifestKindOf(fileName: string): ManifestKind | undefined {
  if (/\.chute\.ya?ml$/i.test(fileName)) return 'yaml';
  if (/\.chute\.json$/i.test(fileName)) return 'json';
  return undefined;
}
