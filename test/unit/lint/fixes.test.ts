import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintPython } from '../../../src/core/lint';
import { readPython } from '../../../src/core/python/reader';
import { insertArgument, removeArgument } from '../../../src/core/lint/pythonEdits';
import { applyEdits, fixOf } from './applyEdits';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/chutes/${path}`, import.meta.url), 'utf8');

async function applyFix(source: string, rule: string, title?: string | RegExp): Promise<string> {
  return applyEdits(source, fixOf(await lintPython(source), rule, title).edits);
}

describe('quick fixes for the guide\'s TEE example', () => {
  const source = read('guide/07-tee-private-model.py');

  it('moves imports to the modules that have them and drops TEEConfig', async () => {
    const fixed = await applyFix(source, 'import/not-exported', /TEEConfig/);
    expect(fixed.split('\n').slice(0, 2)).toEqual(['from chutes import Chute, Image', 'from chutes.chute import NodeSelector']);
    const both = await applyFix(fixed, 'import/not-exported');
    expect(both.split('\n').slice(0, 3)).toEqual(['from chutes.chute import Chute', 'from chutes.image import Image', 'from chutes.chute import NodeSelector']);
    expect((await lintPython(both)).filter((d) => d.rule === 'import/not-exported')).toEqual([]);
  });

  it('renames min_vram_gb to min_vram_gb_per_gpu', async () => {
    const fixed = await applyFix(source, 'node-selector/min-vram-alias');
    expect(fixed).toContain('        min_vram_gb_per_gpu=80,\n');
    expect((await lintPython(fixed)).some((d) => d.rule === 'node-selector/min-vram-alias')).toBe(false);
  });

  it('removes require_tee with its line and sets tee=True on the chute that uses the selector', async () => {
    const fixed = await applyFix(source, 'node-selector/require-tee');
    expect(fixed).toContain('        min_vram_gb=80,\n    ),\n    tee_config=TEEConfig(');
    expect(fixed).toContain('        encrypt_model_weights=True\n    ),\n    tee=True\n)\nclass PrivateModelChute:');
    expect((await lintPython(fixed)).map((d) => d.rule)).toContain('chute/tee-restricted');
  });

  it('replaces tee_config=TEEConfig(enabled=True, ...) with tee=True', async () => {
    const fixed = await applyFix(source, 'chute/tee-config');
    expect(fixed).toContain('        require_tee=True  # Require TEE-capable node\n    ),\n    tee=True\n)');
    expect(fixed).not.toContain('TEEConfig(');
  });

  it('rewrites Image(base_image=..., pip_packages=...) with the builder methods', async () => {
    const fixed = await applyFix(source, 'image/constructor-shape');
    expect(fixed).toContain(
      '    image=Image(username="your-username", name="private-model", tag="0.1").from_base("nvidia/cuda:12.1.0-runtime-ubuntu22.04").run_command("pip install torch transformers"),\n',
    );
    expect((await lintPython(fixed)).some((d) => d.rule.startsWith('image/'))).toBe(false);
  });
});

describe('quick fixes for real-shape mistakes', () => {
  it('replaces an unknown GPU id with each close real id, keeping the quotes', async () => {
    const source = read('broken/selectors.py');
    const diagnostics = await lintPython(source);
    const h100 = diagnostics.find((d) => d.message.includes('"h100-80gb"'))!;
    expect(h100.fixes!.map((f) => f.title)).toEqual(['Replace with h100']);
    expect(applyEdits(source, h100.fixes![0]!.edits)).toContain('include=["a10", "H100", "h100", "rtx4090"]');
    const typo = await lintPython('from chutes.chute import NodeSelector\nns = NodeSelector(exclude=[\'h10\'])\n');
    expect(typo[0]!.fixes!.map((f) => f.title)).toEqual(['Replace with h100', 'Replace with h20', 'Replace with a10']);
    expect(applyEdits('from chutes.chute import NodeSelector\nns = NodeSelector(exclude=[\'h10\'])\n', typo[0]!.fixes![1]!.edits)).toContain("exclude=['h20']");
  });

  it('replaces build_tei_chute and its import with build_embedding_chute', async () => {
    const source = read('broken/templates.py');
    const fixed = await applyFix(source, 'template/tei-removed', /^Use build_embedding_chute/);
    expect(fixed).toContain('from chutes.chute.template.embedding import build_embedding_chute\n');
    expect(fixed).toContain('embeddings = build_embedding_chute(\n');
    const after = await lintPython(fixed);
    expect(after.some((d) => d.rule === 'template/tei-removed')).toBe(false);
    // The embedding template needs a revision, which the TEI call never had.
    expect(after.filter((d) => d.range.start.line === 22).map((d) => d.rule)).toEqual(['template/missing-revision']);
  });

  it('renames a misspelt argument to the one it is close to', async () => {
    const fixed = await applyFix(read('broken/unknown_args.py'), 'chute/unknown-argument', 'Rename to max_instances');
    expect(fixed).toContain('    max_instances=3,\n');
  });

  it('removes validator_free_access', async () => {
    const fixed = await applyFix(read('broken/unknown_args.py'), 'chute/validator-free-access');
    expect(fixed).toContain('    max_instance=3,\n    tee=False,\n)');
  });

  it('sets tee=True for a TEE name, following the one-argument-per-line style', async () => {
    const fixed = await applyFix(read('broken/tee.py'), 'chute/tee-name');
    expect(fixed).toContain('    node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=80),\n    tee=True,\n)\n\nconfidential');
  });

  it('adds a node selector and its import', async () => {
    const cord = '\n\n@chute.cord(public_api_path="/echo")\nasync def echo(data: dict) -> dict:\n    return data\n';
    const source = `from chutes.chute import Chute\n\nchute = Chute(username="me", name="tiny-echo", image="chutes/vllm:nightly-2025111700")\n${cord}`;
    const fixed = await applyFix(source, 'chute/missing-node-selector');
    expect(fixed).toBe(
      `from chutes.chute import Chute\nfrom chutes.chute import NodeSelector\n\nchute = Chute(username="me", name="tiny-echo", image="chutes/vllm:nightly-2025111700", node_selector=NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24))\n${cord}`,
    );
    expect(await lintPython(fixed)).toEqual([]);
  });
});

describe('argument edits keep the layout', () => {
  const call = (source: string) => {
    const module = readPython(source);
    return { module, call: module.calls[0]! };
  };

  it('removes inline arguments with their comma', () => {
    const source = 'from chutes.chute import NodeSelector\nNodeSelector(a=1, b=2, c=3)\n';
    const { module, call: c } = call(source);
    expect(applyEdits(source, [removeArgument(module, c, c.args[1]!)])).toContain('NodeSelector(a=1, c=3)');
    expect(applyEdits(source, [removeArgument(module, c, c.args[2]!)])).toContain('NodeSelector(a=1, b=2)');
    expect(applyEdits(source, [removeArgument(module, c, c.args[0]!)])).toContain('NodeSelector(b=2, c=3)');
    const single = call('NodeSelector(a=1, )\n');
    expect(applyEdits('NodeSelector(a=1, )\n', [removeArgument(single.module, single.call, single.call.args[0]!)])).toBe('NodeSelector()\n');
  });

  it('inserts after the last argument, inline or on a line of its own', () => {
    const inline = call('NodeSelector(a=1)');
    expect(applyEdits('NodeSelector(a=1)', insertArgument(inline.module, inline.call, 'b=2'))).toBe('NodeSelector(a=1, b=2)');
    const empty = call('NodeSelector()');
    expect(applyEdits('NodeSelector()', insertArgument(empty.module, empty.call, 'b=2'))).toBe('NodeSelector(b=2)');
    const commented = 'NodeSelector(\n    a=1  # note\n)';
    const multi = call(commented);
    expect(applyEdits(commented, insertArgument(multi.module, multi.call, 'b=2'))).toBe('NodeSelector(\n    a=1,  # note\n    b=2\n)');
  });
});
