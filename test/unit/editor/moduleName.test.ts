import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moduleNameFor } from '../../../src/features/editor/moduleName';

describe('moduleNameFor', () => {
  it('turns a manifest file name into an importable module name', () => {
    expect(moduleNameFor('llama.chute.yaml')).toBe('llama');
    expect(moduleNameFor('/ws/models/Llama-3.2 Instruct.chute.yml')).toBe('llama_3_2_instruct');
    expect(moduleNameFor('C:\\ws\\SDXL__base.chute.json')).toBe('sdxl_base');
    expect(moduleNameFor('_private_.chute.yaml')).toBe('private');
  });

  it('never starts with a digit or is empty; accents are dropped', () => {
    expect(moduleNameFor('3090-runner.chute.yaml')).toBe('chute_3090_runner');
    expect(moduleNameFor('---.chute.yaml')).toBe('chute');
    expect(moduleNameFor('été.chute.yaml')).toBe('ete');
    expect(moduleNameFor('模型.chute.yaml')).toBe('chute');
  });

  it('avoids keywords and names Python would resolve to another module', () => {
    expect(moduleNameFor('import.chute.yaml')).toBe('import_chute');
    expect(moduleNameFor('chutes.chute.yaml')).toBe('chutes_chute');
    expect(moduleNameFor('json.chute.json')).toBe('json_chute');
  });

  it('always matches ^[a-z][a-z0-9_]*$ and never ends in an underscore', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('.chute.yaml', '.chute.yml', '.chute.json'), (stem, ending) => {
        const name = moduleNameFor(`${stem.replace(/[\\/]/g, '')}${ending}`);
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(name.endsWith('_')).toBe(false);
      }),
    );
  });
});
