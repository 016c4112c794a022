// Names from user text are looked up as own entries only: `constructor` or `__proto__` must never
// find Object.prototype's members in the GPU table, the SDK's tables or the guide's fields.
import { describe, expect, it } from 'vitest';
import { lintManifest, lintPython } from '../../../src/core/lint';
import { closestGpuIds } from '../../../src/core/schema/gpus';

const rules = (diagnostics: Array<{ rule: string }>): string[] => diagnostics.map((d) => d.rule);

describe('own properties only', () => {
  it('rejects include: ["constructor"] as an unknown GPU, in Python and in manifests', async () => {
    expect(closestGpuIds('constructor')).toEqual([]);
    expect(closestGpuIds('__proto__')).toEqual([]);
    const python = await lintPython('from chutes.chute import NodeSelector\nns = NodeSelector(include=["constructor", "__proto__"])\n');
    expect(rules(python)).toEqual(['node-selector/unknown-gpu', 'node-selector/unknown-gpu']);
    expect(python[0]!.message).toBe('include[0] "constructor" is not a GPU id of the platform: the server rejects the deploy (invalid GPU identifiers).');
    const yaml = await lintManifest(`template: vllm\nusername: me\nmodel: org/m\nrevision: "${'a'.repeat(40)}"\nnode_selector:\n  include: [constructor]\n`, 'yaml');
    expect(rules(yaml)).toEqual(['node-selector/unknown-gpu']);
  });

  it('treats constructor= as an unknown argument and constructor(...) as no SDK call', async () => {
    const source = 'from chutes.chute import NodeSelector, constructor\nns = NodeSelector(constructor=1, toString=2)\nx = constructor(1)\n';
    expect(rules(await lintPython(source))).toEqual(['node-selector/unknown-argument', 'node-selector/unknown-argument']);
  });

  it('keeps a "__proto__" manifest key as data', async () => {
    const diagnostics = await lintManifest('{"template": "vllm", "username": "me", "model": "org/m", "node_selector": {}, "__proto__": {"tee": true}}', 'json');
    expect(diagnostics.map((d) => `${d.rule} ${d.message}`)).toContain('manifest/unknown-field __proto__ is not a manifest field: it is ignored.');
  });
});
