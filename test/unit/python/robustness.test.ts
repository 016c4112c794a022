import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { completionsAt, hoverAt } from '../../../src/core/lint';
import { lintPythonModule } from '../../../src/core/lint/pythonLint';
import type { Range } from '../../../src/core/python/positions';
import { readPython } from '../../../src/core/python/reader';
import type { PyModule, PyValue } from '../../../src/core/python/types';
import { loadSchemaValidator, type SchemaValidator } from '../../../src/core/schema/validate';
import { applyEdits } from '../lint/applyEdits';

const corpusDir = new URL('../../fixtures/chutes/', import.meta.url);
const corpus = ['guide', 'clean', 'broken', 'typing'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, corpusDir))
    .filter((f) => f.endsWith('.py'))
    .map((f) => readFileSync(new URL(`${dir}/${f}`, corpusDir), 'utf8')),
);

/** Pieces of chute code, so random strings look like Python being typed rather than noise. */
const fragments = [
  'from chutes.chute import Chute, NodeSelector\n', 'import chutes\n', 'Chute(', 'NodeSelector(', 'Image(', ').from_base(',
  'build_vllm_chute(', 'build_tei_chute(', 'TEEConfig(', '@chute.cord(', '@Chute(', 'def f(self):\n', 'class C:\n',
  'include=[', 'exclude=["h100", ', 'gpu_count=', 'name=', '"h100"', "'a10'", '"""', "'''", 'f"{', 'f"{x!r:>{w}}"',
  'rb"\\x00"', '\\\n', '\\', '(', ')', '[', ']', '{', '}', ',', '=', ':', '.', '@', '#', ' # note\n', '\n', '    ',
  '\t', '\r\n', '\r', '1', '-2.5', '0x1F', 'True', 'None', 'é', '😀', '\u2028', 'x', ' ',
];

const pythonish = fc.array(fc.constantFrom(...fragments), { maxLength: 80 }).map((parts) => parts.join(''));
const mutated = fc
  .tuple(fc.constantFrom(...corpus), fc.nat(), fc.nat(), fc.constantFrom(...fragments), fc.constantFrom('delete', 'insert', 'truncate', 'swap'))
  .map(([text, a, b, fragment, op]) => {
    const i = a % (text.length + 1);
    const j = Math.min(text.length, i + (b % 40));
    if (op === 'delete') return text.slice(0, i) + text.slice(j);
    if (op === 'insert') return text.slice(0, i) + fragment + text.slice(i);
    if (op === 'truncate') return text.slice(0, i);
    return text.slice(0, i) + text.slice(j) + text.slice(i, j);
  });

function checkRange(text: string, module: PyModule, range: Range): void {
  const start = module.lines.offset(range.start);
  const end = module.lines.offset(range.end);
  expect(start).toBeLessThanOrEqual(end);
  expect(end).toBeLessThanOrEqual(text.length);
}

function checkValue(text: string, module: PyModule, value: PyValue): void {
  expect(text.slice(value.span.start, value.span.end)).toBe(value.text);
  checkRange(text, module, value.range);
  if (value.kind === 'list') value.items.forEach((item) => checkValue(text, module, item));
}

describe('the Python reader never throws and keeps its ranges inside the text', () => {
  let validator: SchemaValidator;
  beforeAll(async () => {
    validator = await loadSchemaValidator();
  });

  const exercise = (text: string, probe: number): void => {
    const module = readPython(text);
    for (const call of module.calls) {
      checkRange(text, module, call.range);
      for (const arg of call.args) checkValue(text, module, arg.value);
    }
    for (const d of lintPythonModule(module, validator, { requireChutesImport: false })) {
      checkRange(text, module, d.range);
      expect(d.message).not.toMatch(/\n|undefined|\[object/);
      for (const fix of d.fixes ?? []) {
        for (const edit of fix.edits) checkRange(text, module, edit.range);
        applyEdits(text, fix.edits); // throws on overlapping edits
      }
    }
    const position = module.lines.position(probe % (text.length + 1));
    hoverAt(text, position);
    for (const item of completionsAt(text, position)) checkRange(text, module, item.range);
  };

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(), (text, probe) => exercise(text, probe)), { numRuns: 300 });
  });

  it('on random Python-like fragments', () => {
    fc.assert(fc.property(pythonish, fc.nat(), (text, probe) => exercise(text, probe)), { numRuns: 400 });
  });

  it('on mutated corpus files', () => {
    fc.assert(fc.property(mutated, fc.nat(), (text, probe) => exercise(text, probe)), { numRuns: 400 });
  });

  it('on pathological nesting without overflowing the stack', () => {
    for (const text of ['Chute(' + 'NodeSelector('.repeat(5000), '['.repeat(50_000), 'f"{'.repeat(10_000), 'x = Chute(a=' + '['.repeat(5000) + ']'.repeat(5000) + ')']) {
      expect(() => exercise(text, text.length)).not.toThrow();
    }
  });
});

describe('the Python reader stays fast', () => {
  const bigFile = (lines: number): string => {
    const unit = readFileSync(new URL('clean/echo.py', corpusDir), 'utf8');
    const count = unit.split('\n').length;
    return unit.repeat(Math.ceil(lines / count)).split('\n').slice(0, lines).join('\n');
  };
  const best = (fn: () => void): number => {
    let fastest = Infinity;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      fn();
      fastest = Math.min(fastest, performance.now() - t);
    }
    return fastest;
  };

  it('reads a 2,000-line definition well under 50 ms', () => {
    const text = bigFile(2000);
    expect(readPython(text).calls.length).toBeGreaterThan(150);
    expect(best(() => readPython(text))).toBeLessThan(50);
  });

  it('grows linearly with the input', () => {
    const small = bigFile(4000);
    const large = bigFile(16000);
    const ratio = best(() => readPython(large)) / best(() => readPython(small));
    expect(ratio).toBeLessThan(8); // 4x the input; quadratic behaviour would be ~16x
  });
});
