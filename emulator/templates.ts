// Cords of the SDK's standard templates (SDK chutes/chute/template/*.py), used by the seed.
import type { CordRec } from './model';

export function cord(fields: Partial<CordRec> & Pick<CordRec, 'path' | 'function'>): CordRec {
  return {
    method: 'POST',
    stream: false,
    passthrough: false,
    public_api_path: null,
    public_api_method: null,
    input_schema: {},
    output_schema: {},
    output_content_type: null,
    minimal_input_schema: {},
    ...fields,
  };
}

const passthrough = (fn: string, publicPath: string, stream: boolean, method = 'POST'): CordRec =>
  cord({ path: `/${fn}`, function: fn, stream, passthrough: true, method, public_api_path: publicPath, public_api_method: method, output_content_type: 'application/json' });

/** build_vllm_chute / build_sglang_chute: OpenAI-compatible passthrough cords to vLLM. */
export const vllmCords = (): CordRec[] => [
  passthrough('chat', '/v1/chat/completions', false),
  passthrough('chat_stream', '/v1/chat/completions', true),
  passthrough('completion', '/v1/completions', false),
  passthrough('completion_stream', '/v1/completions', true),
  passthrough('do_tokenize', '/tokenize', false),
  passthrough('do_detokenize', '/detokenize', false),
  passthrough('get_models', '/v1/models', false, 'GET'),
];

/** build_diffusion_chute: POST /generate returning image/jpeg. */
export const diffusionCords = (): CordRec[] => [
  cord({
    path: '/generate',
    function: 'generate',
    public_api_path: '/generate',
    public_api_method: 'POST',
    output_content_type: 'image/jpeg',
    input_schema: {
      type: 'object',
      properties: {
        prompt: { type: 'string' },
        negative_prompt: { type: 'string', default: '' },
        height: { type: 'integer', default: 1024, minimum: 128, maximum: 2048 },
        width: { type: 'integer', default: 1024, minimum: 128, maximum: 2048 },
        num_inference_steps: { type: 'integer', default: 25, minimum: 1, maximum: 50 },
        guidance_scale: { type: 'number', default: 7.5, minimum: 1, maximum: 20 },
        seed: { type: ['integer', 'null'], default: null },
      },
      required: ['prompt'],
    },
  }),
];

/** build_embedding_chute: POST /v1/embeddings and GET /v1/models. */
export const embeddingCords = (): CordRec[] => [passthrough('embed', '/v1/embeddings', false), passthrough('get_models', '/v1/models', false, 'GET')];
