import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintManifest, lintPython, manifestKindOf, RULES, type Diagnostic } from '../../../src/core/lint';

const corpus = new URL('../../fixtures/chutes/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, corpus), 'utf8');
const files = (dir: string): string[] => readdirSync(new URL(`${dir}/`, corpus)).filter((f) => f.endsWith('.py') || manifestKindOf(f));

async function lint(path: string): Promise<Diagnostic[]> {
  const kind = manifestKindOf(path);
  return kind ? lintManifest(read(path), kind) : lintPython(read(path));
}

const format = (d: Diagnostic): string =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.rule}`;

describe('corpus: expected diagnostics at exact ranges', () => {
  for (const dir of ['guide', 'broken', 'typing']) {
    for (const file of files(dir)) {
      it(`${dir}/${file}`, async () => {
        const expected = read(`${dir}/${file}.expected`).split('\n').filter((l) => l && !l.startsWith('#'));
        expect((await lint(`${dir}/${file}`)).map(format)).toEqual(expected);
      });
    }
  }

  it('clean/: the SDK\'s real shapes lint clean', async () => {
    for (const file of files('clean')) expect(await lint(`clean/${file}`), file).toEqual([]);
  });
});

describe('diagnostics say what happens on the platform', () => {
  it('use only registered rules with their severity, one line each, ending with a full stop', async () => {
    for (const dir of ['guide', 'broken', 'typing']) {
      for (const file of files(dir)) {
        for (const d of await lint(`${dir}/${file}`)) {
          expect(RULES[d.rule].severity).toBe(d.severity);
          expect(d.message).toMatch(/^[^\n]+[.?]$/);
        }
      }
    }
  });

  it('explain the guide\'s shapes in terms of the real SDK', async () => {
    const messages = (await lint('guide/07-tee-private-model.py')).map((d) => `${d.rule}: ${d.message}`);
    expect(messages).toContain(
      'node-selector/min-vram-alias: NodeSelector has no min_vram_gb: pydantic drops it and the chute keeps the default min_vram_gb_per_gpu=16, so it may land on 16 GB GPUs. The field is min_vram_gb_per_gpu.',
    );
    expect(messages.find((m) => m.startsWith('chute/tee-config'))).toContain('FastAPI swallows it and the chute deploys without TEE. The real switch is tee=True');
    expect(messages.find((m) => m.startsWith('import/not-exported') && m.includes('TEEConfig'))).toContain('ImportError when the module is imported: TEEConfig does not exist in the SDK');
    expect(messages.find((m) => m.startsWith('chute/class-decorator'))).toContain('not a class decorator (here on class PrivateModelChute)');
  });

  it('name the values and limits involved', async () => {
    const messages = (await lint('broken/ranges.py')).map((d) => d.message);
    expect(messages).toContain(
      'min_vram_gb_per_gpu = 160 is out of range (16 to 140): NodeSelector raises a pydantic ValidationError when the module is imported (and the server answers 403 above 140), so `chutes deploy` stops.',
    );
    expect(messages).toContain('exclude has 6 entries (at most 5): the server rejects the deploy with 400.');
    expect(messages).toContain('scaling_threshold = 1.5 is out of range (0 to 1): the server rejects the deploy (422, request validation).');
    expect(messages.find((m) => m.startsWith('path (from the function name _private_helper) /_private_helper'))).toBeDefined();
    const selectors = (await lint('broken/selectors.py')).map((d) => d.message);
    expect(selectors).toContain('include[1] "H100" is not a GPU id of the platform (did you mean h100?): the server rejects the deploy (invalid GPU identifiers).');
    expect(selectors.find((m) => m.startsWith('include mixes a6000_ada ($0.75/h) and b200 ($4.50/h), 6.00x apart'))).toBeDefined();
    expect(selectors.find((m) => m.includes('Only these GPUs can be explicitly required in the `include` field'))).toBeDefined();
    expect(selectors.find((m) => m.startsWith('No GPU of the platform satisfies this selector'))).toContain('the server answers 403 ("You are not allowed to require consumer GPUs exclusively.")');
    expect(selectors.find((m) => m.startsWith('max_hourly_price_per_gpu may be ignored'))).toBeDefined();
  });

  it('leave files that do not import chutes alone unless asked', async () => {
    const source = read('guide/05-validator-free-access.py');
    expect(await lintPython(source)).toEqual([]);
    const forced = await lintPython(source, { requireChutesImport: false });
    expect(forced.map((d) => d.rule)).toEqual(['chute/missing-argument', 'chute/class-decorator', 'chute/validator-free-access']);
  });
});
