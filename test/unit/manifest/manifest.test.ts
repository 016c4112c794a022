import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePython, lintManifest, lintPython, manifestKindOf, parseManifest, type ChuteManifest, type Diagnostic } from '../../../src/core/lint';
import { applyEdits, fixOf } from '../lint/applyEdits';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/chutes/${path}`, import.meta.url), 'utf8');
const where = (d: Diagnostic): string => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.rule}`;
const REVISION = '9b58d4a36161a1e49ecf0a69d20b2736fef8e438';

describe('manifest diagnostics', () => {
  it('point at the offending YAML value, key or list item', async () => {
    const text = `template: vllm\nusername: me\nmodel: org/Model\nrevision: "${REVISION}"\nnode_selector:\n  gpu_count: 2\n  exclude:\n    - a100\n    - "h100 sxm"\nscaling_threshold: 2\n`;
    const diagnostics = await lintManifest(text, 'yaml');
    expect(diagnostics.map(where)).toEqual(['9:7-9:17 node-selector/unknown-gpu', '10:20-10:21 manifest/invalid-value']);
    expect(diagnostics[0]!.message).toBe('node_selector.exclude[1] "h100 sxm" is not a GPU id of the platform (did you mean h100_sxm?): the server rejects the deploy (invalid GPU identifiers).');
  });

  it('give JSON the same positions, and report what YAML accepts but JSON does not', async () => {
    const text = '{\n  "template": "vllm",\n  "username": "me",\n  "model": "org/Model",\n  "revision": "abc",\n  "node_selector": {"gpu_count": 9},\n  "tee": "yes"\n}\n';
    expect((await lintManifest(text, 'json')).map(where)).toEqual([
      '5:15-5:20 template/invalid-revision',
      '6:34-6:35 node-selector/invalid-value',
      '7:10-7:15 manifest/invalid-value',
    ]);
    expect((await lintManifest('{"template": "vllm", // note\n}', 'json')).map(where)).toContain('1:22-1:23 manifest/syntax');
  });

  it('explain template-specific requirements', async () => {
    const diagnostics = await lintManifest('template: sglang\nusername: me\nmodel: org/Model\nnode_selector: {}\npipeline_args: {}\n', 'yaml');
    expect(diagnostics.map((d) => d.message)).toEqual([
      'revision is missing: in the generated module, build_sglang_chute raises ValueError ("You must specify revision= to properly lock a model to a given huggingface revision") when the module is imported.',
      'pipeline_args does not apply to the sglang template: it is ignored.',
    ]);
  });

  it('handle empty, multi-document and non-mapping input', async () => {
    expect((await lintManifest('', 'yaml')).map((d) => d.message)).toEqual(['The manifest is empty: it needs template, username, model, node_selector.']);
    expect((await lintManifest('# only a comment\n', 'yaml')).map((d) => d.rule)).toEqual(['manifest/missing-field']);
    const multi = await lintManifest(`template: vllm\n---\nother: 1\n`, 'yaml');
    expect(multi.map((d) => d.rule)).toContain('manifest/multiple-documents');
    expect((await lintManifest('- a\n- b\n', 'yaml')).map((d) => d.message)).toEqual(['The manifest must be a mapping, not a list: the server rejects the deploy (422, request validation).']);
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect((await lintManifest(bomb, 'yaml')).map((d) => d.rule)).toEqual(['manifest/syntax']);
  });

  it('return the manifest only when there are no errors', async () => {
    expect((await parseManifest(read('clean/llama.chute.yaml'), 'yaml')).manifest?.model).toBe('unsloth/Llama-3.2-1B-Instruct');
    expect((await parseManifest(read('broken/llama.chute.yaml'), 'yaml')).manifest).toBeUndefined();
    const warned = await parseManifest(`${read('clean/llama.chute.yaml')}extra: 1\n`, 'yaml');
    expect(warned.diagnostics.map((d) => d.rule)).toEqual(['manifest/unknown-field']);
    expect(warned.manifest?.template).toBe('vllm');
  });

  it('recognises manifest file names', () => {
    expect(manifestKindOf('/x/my.chute.yaml')).toBe('yaml');
    expect(manifestKindOf('my.chute.YML')).toBe('yaml');
    expect(manifestKindOf('my.chute.json')).toBe('json');
    expect(manifestKindOf('chute.yaml')).toBeUndefined();
  });
});

describe('manifest quick fixes', () => {
  const broken = read('broken/llama.chute.yaml');

  it('rename min_vram_gb and replace unknown GPU ids, keeping the quoting', async () => {
    const diagnostics = await lintManifest(broken, 'yaml');
    expect(applyEdits(broken, fixOf(diagnostics, 'node-selector/min-vram-alias').edits)).toContain('\n  min_vram_gb_per_gpu: 24\n');
    expect(applyEdits(broken, fixOf(diagnostics, 'node-selector/unknown-gpu').edits)).toContain('include: [h100, "a100"]');
  });

  it('move require_tee to tee: true at the top level', async () => {
    const fixed = applyEdits(broken, fixOf(await lintManifest(broken, 'yaml'), 'node-selector/require-tee').edits);
    expect(fixed).toContain('revision: 1234\ntee: true\nnode_selector:\n  gpu_count: 12\n');
    expect(fixed).toContain('  exclude: [3090]\nmax_instances: 0\n');
    expect((await lintManifest(fixed, 'yaml')).map((d) => d.rule)).toContain('chute/tee-restricted');
  });

  it('fix a JSON manifest in JSON syntax', async () => {
    const json = read('broken/embeddings.chute.json');
    const diagnostics = await lintManifest(json, 'json');
    expect(applyEdits(json, fixOf(diagnostics, 'manifest/invalid-value').edits)).toContain('"template": "embedding",');
    expect(applyEdits(json, fixOf(diagnostics, 'chute/tee-name').edits)).toContain('"include": ["h100", "3090"]},\n  "tee": true,\n}');
  });

  it('remove fields that are ignored, and turn tee_config into tee: true', async () => {
    const sdxl = read('broken/sdxl.chute.yaml');
    const diagnostics = await lintManifest(sdxl, 'yaml');
    expect(applyEdits(sdxl, fixOf(diagnostics, 'chute/validator-free-access').edits)).toContain('  gpu_count: 1\ntee_config:\n');
    expect(applyEdits(sdxl, fixOf(diagnostics, 'chute/tee-config').edits)).toMatch(/ {2}netuid: 64\ntee: true\n$/);
  });
});

describe('generatePython', () => {
  const base = { username: 'myuser', node_selector: { gpu_count: 2, min_vram_gb_per_gpu: 48, exclude: ['a6000'] } };

  it('writes the module chutes deploy takes, in the template\'s signature order', () => {
    const manifest: ChuteManifest = {
      ...base,
      template: 'vllm',
      model: 'unsloth/Llama-3.2-1B-Instruct',
      revision: REVISION,
      engine_args: '--max-model-len 16384',
      tagline: 'Llama "1B"',
      tee: false,
    };
    expect(generatePython(manifest, { sourceName: 'llama.chute.yaml' })).toBe(
      [
        '# Generated by Chutes for VS Code from llama.chute.yaml; edit the manifest rather than this file.',
        'from chutes.chute import NodeSelector',
        'from chutes.chute.template.vllm import build_vllm_chute',
        '',
        'chute = build_vllm_chute(',
        '    username="myuser",',
        '    model_name="unsloth/Llama-3.2-1B-Instruct",',
        '    node_selector=NodeSelector(',
        '        gpu_count=2,',
        '        min_vram_gb_per_gpu=48,',
        '        exclude=["a6000"],',
        '    ),',
        '    tagline="Llama \\"1B\\"",',
        '    engine_args="--max-model-len 16384",',
        `    revision="${REVISION}",`,
        '    tee=False,',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('produces modules that lint clean for every template and for the clean corpus', async () => {
    const manifests: ChuteManifest[] = [
      { ...base, template: 'sglang', model: 'Qwen/Qwen2.5-7B-Instruct', revision: REVISION, max_instances: 3 },
      { ...base, template: 'embedding', model: 'BAAI/bge-large-en-v1.5', revision: REVISION, pooling_type: 'cls', max_embed_len: 8192 },
      { ...base, template: 'diffusion', name: 'sdxl', model: 'stabilityai/stable-diffusion-xl-base-1.0', pipeline_args: { steps: 30, safety: null } },
      { ...base, template: 'vllm', model: 'org/Model-TEE', revision: REVISION, tee: true },
    ];
    for (const file of ['clean/llama.chute.yaml', 'clean/sdxl.chute.json']) {
      const kind = manifestKindOf(file)!;
      manifests.push((await parseManifest(read(file), kind)).manifest!);
    }
    for (const manifest of manifests) {
      const python = generatePython(manifest);
      const diagnostics = await lintPython(python);
      const expected = manifest.tee ? ['chute/tee-restricted'] : [];
      expect(diagnostics.map((d) => d.rule), python).toEqual(expected);
      expect(await lintManifest(JSON.stringify(manifest), 'json')).toEqual(
        manifest.tee ? [expect.objectContaining({ rule: 'chute/tee-restricted' })] : [],
      );
    }
    expect(generatePython(manifests[2]!)).toContain('    pipeline_args={"steps": 30, "safety": None},\n');
  });
});

describe('manifest parsing never throws', () => {
  const corpus = ['clean', 'broken'].flatMap((dir) =>
    readdirSync(new URL(`../../fixtures/chutes/${dir}/`, import.meta.url))
      .filter((f) => manifestKindOf(f))
      .map((f) => read(`${dir}/${f}`)),
  );
  const pieces = ['template: ', 'vllm', '\n', '  ', 'node_selector:', '{', '}', '[', ']', ',', '"', "'", ': ', '- ', '&a ', '*a', '? ', '#', '---\n', '\t', 'include: [h100', 'gpu_count: 9', 'tee: true', '\u00e9'];
  const mutated = fc
    .tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), fc.constantFrom(...pieces))
    .map(([text, a, b, piece]) => {
      const i = a % (text.length + 1);
      return text.slice(0, i) + piece + text.slice(Math.min(text.length, i + (b % 20)));
    });

  it('on arbitrary and mutated input, as YAML and as JSON, with ranges inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mutated), fc.constantFrom('yaml' as const, 'json' as const), async (text, kind) => {
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const d of await lintManifest(text, kind)) {
          expect(d.range.end.line).toBeLessThan(lines);
          expect(d.message).not.toMatch(/\n|undefined|\[object/);
          for (const fix of d.fixes ?? []) applyEdits(text, fix.edits);
        }
      }),
      { numRuns: 300 },
    );
  });
});
