import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completionsAt, hoverAt, type Position } from '../../../src/core/lint';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/chutes/${path}`, import.meta.url), 'utf8');

/** The position of the `nth` occurrence of `needle`, plus `offset` characters. */
function at(source: string, needle: string, offset = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = source.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not found`);
  const before = source.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('hoverAt', () => {
  const echo = read('clean/echo.py');

  it('shows what a NodeSelector really selects and costs', () => {
    const hover = hoverAt(echo, at(echo, 'NodeSelector(', 3))!;
    expect(hover.range).toEqual({ start: { line: 14, character: 16 }, end: { line: 14, character: 28 } });
    expect(hover.markdown).toContain('The server would select 8 GPU types: `4090`, `a5000`, `a6000`, `pro_6000`, `l4`, `a10`, `a40`, `l40`.');
    expect(hover.markdown).toContain('Estimated price **$0.25/h** (1 × a5000 at $0.25/h); deployment fee **$0.75**');
  });

  it('follows a name bound to a NodeSelector from the Chute call', () => {
    const hover = hoverAt(echo, at(echo, 'node_selector=node_selector', 15))!;
    expect(hover.markdown).toContain('The server would select 8 GPU types');
  });

  it('shows VRAM and price of a GPU id, or the closest real ids', () => {
    expect(hoverAt(echo, at(echo, '"3090"', 2))!.markdown).toBe('**3090**: 24 GB VRAM, $0.25/h per GPU (compute multiplier 0.0556).');
    const source = 'from chutes.chute import NodeSelector\nns = NodeSelector(include=["H100"])\n';
    expect(hoverAt(source, at(source, 'H100'))!.markdown).toBe('**H100** is not a GPU id of the platform. Did you mean `h100`?');
  });

  it('explains arguments with their default and limits', () => {
    const hover = hoverAt(echo, at(echo, 'scaling_threshold', 2))!;
    expect(hover.markdown).toBe('**scaling_threshold**: `number` = `0.75`\n\nUtilisation (0 to 1) above which another instance is started.\n\nAllowed: 0 to 1.');
    const cord = hoverAt(echo, at(echo, 'public_api_method', 1))!;
    expect(cord.markdown).toContain('= `"POST"`');
  });

  it('explains the callables, including the ones the SDK does not have', () => {
    expect(hoverAt(echo, at(echo, 'Chute(', 1))!.markdown).toMatch(/^\*\*Chute\*\*\n\nA chute \(`chutes\.chute\.Chute`, a FastAPI app\)/);
    const guide = read('guide/07-tee-private-model.py');
    expect(hoverAt(guide, at(guide, 'TEEConfig(', 1))!.markdown).toMatch(/^TEEConfig does not exist in the SDK/);
    expect(hoverAt(echo, at(echo, 'class EchoIn'))).toBeUndefined();
    expect(hoverAt(read('clean/no_chutes_import.py'), { line: 6, character: 14 })).toBeUndefined();
  });
});

describe('completionsAt', () => {
  it('offers GPU ids inside include/exclude while the string is still open', () => {
    const source = 'from chutes.chute import NodeSelector\nns = NodeSelector(gpu_count=1, include=["a10", "h1';
    const items = completionsAt(source, at(source, '"h1', 3));
    expect(items.map((i) => i.label)).not.toContain('a10'); // already listed
    const h100 = items.find((i) => i.label === 'h100')!;
    expect(h100).toMatchObject({ kind: 'gpu', detail: '80 GB · $1.79/h', insertText: 'h100' });
    expect(h100.range).toEqual({ start: { line: 1, character: 48 }, end: { line: 1, character: 50 } });
  });

  it('offers quoted ids at a new list slot and a whole list after include=', () => {
    const slot = "from chutes.chute import NodeSelector\nns = NodeSelector(exclude=['a10', ";
    expect(completionsAt(slot, at(slot, ', ', 2)).find((i) => i.label === 'h200')!.insertText).toBe("'h200'");
    const empty = 'from chutes.chute import NodeSelector\nns = NodeSelector(include=';
    expect(completionsAt(empty, at(empty, 'include=', 8)).find((i) => i.label === 'l40s')!.insertText).toBe('["l40s"]');
  });

  it('offers the argument names not used yet, with their meaning', () => {
    const source = 'from chutes.chute import NodeSelector\nns = NodeSelector(gpu_count=1, mi';
    const items = completionsAt(source, at(source, 'mi', 2));
    expect(items.map((i) => i.label)).toEqual(['min_vram_gb_per_gpu', 'max_hourly_price_per_gpu', 'include', 'exclude']);
    expect(items[0]).toMatchObject({ kind: 'argument', insertText: 'min_vram_gb_per_gpu=', detail: 'integer = 16' });
    expect(items[0]!.range).toEqual({ start: { line: 1, character: 31 }, end: { line: 1, character: 33 } });
    expect(items[0]!.documentation).toContain('Minimum VRAM per GPU in GB');
  });

  it('offers cord options in a decorator and template parameters in the innermost call', () => {
    const cord = 'from chutes.chute import Chute\n@chute.cord(stream=True, )\nasync def f(self): ...\n';
    expect(completionsAt(cord, at(cord, ', ', 2)).map((i) => i.label)).toContain('public_api_path');
    const template = 'from chutes.chute.template.vllm import build_vllm_chute\nc = build_vllm_chute(username="me", \n';
    const labels = completionsAt(template, at(template, ', ', 2)).map((i) => i.label);
    expect(labels[0]).toBe('model_name');
    expect(labels).not.toContain('username');
    expect(completionsAt(template, at(template, ', ', 2)).find((i) => i.label === 'revision')!.detail).toBe('string | null (required)');
  });

  it('stays quiet in values, after complete arguments and outside chute calls', () => {
    const source = 'from chutes.chute import Chute\nc = Chute(name="abc", username=foo(), image=x)\nprint(1, )';
    expect(completionsAt(source, at(source, 'abc', 1))).toEqual([]);
    expect(completionsAt(source, at(source, 'foo(', 4))).toEqual([]);
    expect(completionsAt(source, at(source, 'image=x', 7))).toEqual([]);
    expect(completionsAt(source, at(source, '1, ', 3))).toEqual([]);
  });
});
