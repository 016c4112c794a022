import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { argumentMarkdown, selectorMarkdown } from '../../../src/core/schema/hoverData';
import { describeProperty, effectiveProperty, propertyNames, SCHEMAS } from '../../../src/core/schema/schemas';
import { callableOf, importFails, TEMPLATES } from '../../../src/core/schema/sdk';
import { loadSchemaValidator } from '../../../src/core/schema/validate';

const schemaDir = new URL('../../../schemas/', import.meta.url);

describe('schemas/', () => {
  it('are all registered and compile as draft-07 with ajv', () => {
    const files = readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort();
    expect(files).toEqual(Object.values(SCHEMAS).map((s) => s.$id).sort());
    const ajv = new Ajv({ strict: false });
    for (const file of files) ajv.addSchema(JSON.parse(readFileSync(new URL(file, schemaDir), 'utf8')));
    for (const file of files) expect(() => ajv.getSchema(file)).not.toThrow();
  });

  it('list the parameters in the SDK\'s positional order (SDK 0.6.x signatures)', () => {
    expect(propertyNames('chute').slice(0, 8)).toEqual(['username', 'name', 'image', 'tagline', 'readme', 'standard_template', 'revision', 'node_selector']);
    expect(propertyNames('image')).toEqual(['username', 'name', 'tag', 'readme']);
    expect(propertyNames('vllm-template')).toEqual([
      'username', 'model_name', 'node_selector', 'image', 'tagline', 'readme', 'concurrency', 'engine_args', 'revision',
      'max_instances', 'scaling_threshold', 'shutdown_after_seconds', 'allow_external_egress', 'tee',
    ]);
    expect(propertyNames('diffusion-template').slice(0, 4)).toEqual(['username', 'name', 'model_name_or_url', 'node_selector']);
    expect(propertyNames('embedding-template').slice(-5)).toEqual(['pooling_type', 'max_embed_len', 'enable_chunked_processing', 'allow_external_egress', 'tee']);
  });

  it('give templates the ranges of the Chute schema through $ref (one source of truth)', () => {
    expect(effectiveProperty('vllm-template', 'max_instances')).toMatchObject({ minimum: 1, maximum: 100, default: 1 });
    expect(effectiveProperty('diffusion-template', 'concurrency')).toMatchObject({ maximum: 256, default: 3 });
    expect(effectiveProperty('chute-manifest', 'revision')).toMatchObject({ pattern: '^[a-fA-F0-9]{40}$' });
  });

  it('validate lazily with the same rules the server applies', async () => {
    const validator = await loadSchemaValidator();
    expect(validator.validate('node-selector', { gpu_count: 8, min_vram_gb_per_gpu: 140, include: ['h200'] })).toEqual([]);
    const errors = validator.validate('node-selector', { gpu_count: 0, max_hourly_price_per_gpu: 10, exclude: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(expect.arrayContaining(['/gpu_count minimum', '/max_hourly_price_per_gpu exclusiveMaximum', '/exclude maxItems', '/exclude/0 enum']));
    expect(validator.validate('cord', { path: '/echo', public_api_path: '/v1/chat-x', public_api_method: 'GET' })).toEqual([]);
    // public_api_method is checked only with a public_api_path (docs/platform.md §8).
    expect(validator.validate('cord', { path: '/echo', public_api_method: 'PATCH' })).toEqual([]);
    expect(validator.validate('cord', { path: '/echo', public_api_path: '/x', public_api_method: 'PATCH' }).map((e) => `${e.instancePath} ${e.keyword}`)).toContain('/public_api_method enum');
    expect(validator.validate('cord', { path: '/bad-path' })[0]?.keyword).toBe('pattern');
  });
});

describe('SDK surface', () => {
  it('knows how each callable treats unknown keywords', () => {
    expect(callableOf('chute', 'Chute')?.unknownKeywords).toBe('fastapi');
    expect(callableOf('node-selector', 'NodeSelector')?.unknownKeywords).toBe('pydantic');
    expect(callableOf('cord', 'cord')?.unknownKeywords).toBe('aiohttp');
    expect(callableOf('template', 'build_vllm_chute')?.unknownKeywords).toBe('type-error');
    expect(callableOf('template', 'build_tei_chute')).toBeUndefined();
    expect(callableOf('tee-config', 'TEEConfig')).toBeUndefined();
    expect(TEMPLATES.build_embedding_chute!.module).toBe('chutes.chute.template.embedding');
  });

  it('knows where names really live', () => {
    expect(importFails('chutes', 'Chute')).toBe(true);
    expect(importFails('chutes.chute', 'Chute')).toBe(false);
    expect(importFails('chutes.chute', 'Image')).toBe(true);
    expect(importFails('chutes.chute', 'TEEConfig')).toBe(true);
    expect(importFails('chutes.chute.template', 'build_vllm_chute')).toBe(false);
    expect(importFails('chutes.chute.template', 'build_sglang_chute')).toBe(true);
    expect(importFails('chutes.chute.template.sglang', 'build_sglang_chute')).toBe(false);
    expect(importFails('chutes.chute.template.tei', 'build_tei_chute')).toBe(true);
    expect(importFails('mypackage', 'Chute')).toBe(false);
  });
});

describe('hover data', () => {
  it('describes arguments with type, default and limits from the schemas', () => {
    expect(describeProperty('node-selector', 'gpu_count')).toMatchObject({ type: 'integer', default: 1, limits: ['1 to 8'] });
    expect(argumentMarkdown('node-selector', 'max_hourly_price_per_gpu')).toContain('`None`');
    expect(argumentMarkdown('node-selector', 'max_hourly_price_per_gpu')).toContain('above 0 and below 10');
    expect(argumentMarkdown('vllm-template', 'revision')).toContain('(required)');
    expect(argumentMarkdown('cord', 'public_api_method')).toContain('GET or POST. The server checks it only when the cord has a public_api_path.');
  });

  it('says what a selector selects and costs, or why it cannot', () => {
    const md = selectorMarkdown({ min_vram_gb_per_gpu: 80, gpu_count: 2 }, true);
    expect(md).toContain('9 GPU types');
    expect(md).toContain('**$2.40/h** (2 × a100 at $1.20/h)');
    expect(md).toContain('deployment fee **$7.20**');
    expect(selectorMarkdown({ include: ['b200'] }, true)).toContain('excludes b200 for ordinary accounts');
    expect(selectorMarkdown({}, false)).toContain('computed at run time');
    expect(selectorMarkdown({ min_vram_gb_per_gpu: 140, include: ['h100'] }, true)).toContain('No GPU');
  });
});
