import { describe, expect, it } from 'vitest';
import type { ApiKey, Chute, Image } from '../../../src/core/api/types';
import { apiKeyDescription, apiKeyNameProblem, apiKeyTooltip } from '../../../src/core/explorer/apiKeyView';
import { chuteDescription, chuteDetails, chuteState, modelPrice, priceRows, sortChutes } from '../../../src/core/explorer/chuteView';
import { imageDescription, imageState } from '../../../src/core/explorer/imageView';
import { chutePageUrl, curlExample, invokeUrl } from '../../../src/core/explorer/invoke';

const echo: Chute = {
  chute_id: 'b0399fc4-6fd9-50db-9160-6ab74584aa95',
  name: 'my-echo',
  tagline: 'Echo demo',
  public: false,
  slug: 'alice-my-echo',
  standard_template: null,
  cords: [
    { method: 'POST', path: '/echo', function: 'echo', stream: false, public_api_path: '/echo', public_api_method: 'POST', minimal_input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
    { method: 'POST', path: '/stream_words', function: 'stream_words', stream: true, public_api_path: '/stream', public_api_method: 'POST' },
  ],
  node_selector: { gpu_count: 2, min_vram_gb_per_gpu: 24, supported_gpus: ['a10', 'l4'], exclude: ['b200'] },
  instances: [{ instance_id: 'i-1', region: 'n/a', active: true, verified: true }],
  current_estimated_price: { usd: { hour: 0.25, second: 0.00007 }, hourly_price_range: { usd: { min: 0.25, max: 1.8 } } },
  invocation_count: 5,
  updated_at: '2026-05-20T10:00:00Z',
  hot: true,
  tee: true,
};

describe('chute rows', () => {
  it('state: hot/cold from the server, disabled from the server field or our own record', () => {
    expect(chuteState(echo)).toBe('hot');
    expect(chuteState({ ...echo, hot: false })).toBe('cold');
    expect(chuteState({ ...echo, hot: undefined, instances: [{ instance_id: 'x', active: true, verified: false }] })).toBe('cold');
    expect(chuteState(echo, new Set([echo.chute_id]))).toBe('disabled');
    expect(chuteState({ ...echo, disabled: true })).toBe('disabled');
    expect(chuteState({ ...echo, disabled: false }, new Set([echo.chute_id]))).toBe('hot');
  });

  it('description carries state, template, GPUs, TEE and tagline', () => {
    expect(chuteDescription(echo, 'hot')).toBe('hot · custom · 2 GPUs · TEE — Echo demo');
  });

  it('children: cords with method, public path and streaming; instances; node selector; price', () => {
    const [cords, instances, selector, price] = chuteDetails(echo);
    expect(cords.children?.map((c) => `${c.label} ${c.description}`)).toEqual(['POST /echo echo', 'POST /stream stream_words · streaming']);
    expect(instances.description).toBe('1 active of 1');
    expect(instances.children?.[0]).toMatchObject({ label: 'i-1', instanceId: 'i-1', description: 'active, verified' });
    expect(selector.children?.map((r) => r.label)).toEqual(['2 × ≥ 24 GB VRAM', 'a10, l4', 'b200']);
    expect(price.children?.map((r) => r.label)).toEqual(['$0.25 / hour', '$0.25 – $1.80 / hour']);
  });

  it('price rows accept every documented shape and nothing', () => {
    expect(priceRows(null)).toEqual([]);
    const tokens = priceRows({ per_million_tokens: { input: { usd: 0.02, tao: 0 }, output: { usd: 0.1, tao: 0 } } });
    expect(tokens[0].label).toBe('$0.02 in · $0.10 out');
  });

  it('sorts loaded rows by name, invocations or update time', () => {
    const rows: Chute[] = [
      { ...echo, name: 'b', invocation_count: 1, updated_at: '2026-01-02' },
      { ...echo, name: 'a', invocation_count: 9, updated_at: '2026-01-01' },
      { ...echo, name: 'c', invocation_count: 5, updated_at: '2026-01-03' },
    ];
    expect(sortChutes(rows, 'name').map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(sortChutes(rows, 'invocations').map((c) => c.name)).toEqual(['a', 'c', 'b']);
    expect(sortChutes(rows, 'updated').map((c) => c.name)).toEqual(['c', 'b', 'a']);
  });

  it('model price from /v1/models entries, in either shape, and nothing from garbage', () => {
    expect(modelPrice({ price: { input: { usd: 0.02 }, output: { usd: 0.1 } } })).toBe('$0.02/$0.10 per M tokens');
    expect(modelPrice({ pricing: { prompt: 0.5, completion: 1 } })).toBe('$0.50/$1.00 per M tokens');
    expect(modelPrice({ price: 'free' })).toBeUndefined();
    expect(modelPrice(undefined)).toBeUndefined();
  });
});

describe('invoke helpers', () => {
  it('invoke URL on the slug host, with the scheme of the API base', () => {
    expect(invokeUrl(echo, 'https://api.chutes.ai', 'chutes.ai')).toBe('https://alice-my-echo.chutes.ai/echo');
    expect(invokeUrl(echo, 'http://api.chutes.test', 'chutes.test')).toBe('http://alice-my-echo.chutes.test/echo');
    expect(invokeUrl({ ...echo, cords: [] }, 'https://api.chutes.ai', 'chutes.ai')).toBeUndefined();
  });

  it('curl example reads the key from $CHUTES_API_KEY and fills required fields', () => {
    const curl = curlExample(echo, 'https://api.chutes.ai', 'chutes.ai')!;
    expect(curl).toContain(`curl -X POST 'https://alice-my-echo.chutes.ai/echo'`);
    expect(curl).toContain('Authorization: Bearer $CHUTES_API_KEY');
    expect(curl).toContain(`-d '{"text":"hello"}'`);
    expect(curl).not.toMatch(/cpk_/);
  });

  it('curl for a vLLM chute sends an OpenAI chat body naming the model', () => {
    const vllm: Chute = { ...echo, name: "it's-llm", standard_template: 'vllm', cords: [{ method: 'POST', path: '/chat', function: 'chat', stream: true, public_api_path: '/v1/chat/completions', public_api_method: 'POST' }] };
    const curl = curlExample(vllm, 'https://api.chutes.ai', 'chutes.ai')!;
    expect(curl).toContain('-N');
    expect(curl).toContain(`"model":"it'\\''s-llm"`);
  });

  it('chute page on the platform website', () => {
    expect(chutePageUrl(echo, 'chutes.ai')).toBe('https://chutes.ai/app/chute/b0399fc4-6fd9-50db-9160-6ab74584aa95');
  });
});

describe('images and API keys', () => {
  const image: Image = { image_id: 'x', name: 'echo-image', tag: '0.1', public: false, status: 'built and pushed', build_started_at: '2026-05-19T09:00:05Z', build_completed_at: '2026-05-19T09:12:00Z' };
  it('image state and description with the build time', () => {
    expect(imageState(image)).toBe('built');
    expect(imageState({ ...image, status: 'error: boom' })).toBe('error');
    expect(imageState({ ...image, status: 'pending build' })).toBe('pending');
    expect(imageDescription(image)).toBe('0.1 · built and pushed · built in 11 min 55 s');
  });

  const key: ApiKey = { api_key_id: 'k', user_id: 'u', admin: false, name: 'ci', last_used_at: null, scopes: [{ object_type: 'chutes', object_id: 'c1', action: 'invoke' }] };
  it('API key description and tooltip', () => {
    expect(apiKeyDescription(key)).toBe('1 scope · never used');
    expect(apiKeyDescription({ ...key, admin: true, last_used_at: '2026-05-20' })).toBe('admin · last used 2026-05-20');
    expect(apiKeyTooltip(key)).toContain('- chutes c1: invoke');
  });

  it('API key names follow the server rule', () => {
    expect(apiKeyNameProblem('ci key')).toBeUndefined();
    expect(apiKeyNameProblem('')).toBe('Enter a name.');
    expect(apiKeyNameProblem('x'.repeat(25))).toBe('At most 24 characters.');
    expect(apiKeyNameProblem('bad/name')).toMatch(/only/);
  });
});
