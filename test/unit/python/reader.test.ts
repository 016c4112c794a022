import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Range } from '../../../src/core/python/positions';
import { readPython } from '../../../src/core/python/reader';
import { resolveCall } from '../../../src/core/python/resolve';
import type { PyCall, PyValue } from '../../../src/core/python/types';

const fixture = (path: string): string => readFileSync(new URL(`../../fixtures/chutes/${path}`, import.meta.url), 'utf8');
const r = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const arg = (call: PyCall, name: string) => call.args.find((a) => a.name === name)!;
const literal = (v: PyValue): unknown => ('value' in v ? v.value : v.kind);

describe('readPython on the guide\'s TEE example', () => {
  const module = readPython(fixture('guide/07-tee-private-model.py'));

  it('reports the chutes imports with the range of every name', () => {
    expect(module.importsChutes).toBe(true);
    expect(module.imports.map((i) => [i.kind, i.module, i.names.map((n) => n.name)])).toEqual([
      ['from', 'chutes', ['Chute', 'Image']],
      ['from', 'chutes.chute', ['NodeSelector', 'TEEConfig']],
    ]);
    expect(module.imports[1]!.names[1]!.range).toEqual(r(1, 39, 1, 48));
  });

  it('finds the class-decorator Chute, its nested calls and the decorated class', () => {
    expect(module.calls.map((c) => c.kind)).toEqual(['chute', 'image', 'node-selector', 'tee-config']);
    const chute = module.calls[0]!;
    expect(chute.nameRange).toEqual(r(3, 1, 3, 6));
    expect(chute.decorator?.target).toMatchObject({ keyword: 'class', name: 'PrivateModelChute', nameRange: r(20, 6, 20, 23) });
    expect(chute.args.map((a) => a.name)).toEqual(['name', 'image', 'node_selector', 'tee_config']);
    expect(arg(chute, 'name').value).toMatchObject({ kind: 'str', value: 'private-model', range: r(4, 9, 4, 24) });
    const selector = arg(chute, 'node_selector').value;
    expect(selector.kind === 'call' && selector.call).toBe(module.calls[2]);
  });

  it('gives names, literal values and exact ranges of keyword arguments', () => {
    const selector = module.calls[2]!;
    expect(selector.args.map((a) => [a.name, literal(a.value)])).toEqual([
      ['gpu_count', 1],
      ['min_vram_gb', 80],
      ['require_tee', true],
    ]);
    expect(arg(selector, 'require_tee').nameRange).toEqual(r(12, 8, 12, 19));
    expect(arg(selector, 'require_tee').value.range).toEqual(r(12, 20, 12, 24));
    const image = module.calls[1]!;
    const packages = arg(image, 'pip_packages').value;
    expect(packages.kind === 'list' && packages.items.map(literal)).toEqual(['torch', 'transformers']);
  });
});

describe('readPython on real SDK shapes', () => {
  it('follows Image builder chains and cord decorators to their functions', () => {
    const module = readPython(fixture('clean/echo.py'));
    const image = module.calls.find((c) => c.kind === 'image')!;
    expect(image.args.map((a) => a.name)).toEqual(['username', 'name', 'tag', 'readme']);
    expect(image.methods.map((m) => m.name)).toEqual(['from_base', 'with_env', 'apt_install', 'run_command']);
    expect(image.methods[3]!.args[0]!.value).toMatchObject({ kind: 'str', value: "pip install 'numpy<2' requests" });
    const cords = module.calls.filter((c) => c.kind === 'cord');
    expect(cords.map((c) => [c.receiver, c.decorator?.target?.name])).toEqual([
      ['chute', 'echo'],
      ['chute', 'stream_echo'],
    ]);
    expect(cords[1]!.args.map((a) => [a.name, literal(a.value)])).toEqual([
      ['path', '/stream_echo'],
      ['public_api_path', '/stream-echo'],
      ['stream', true],
    ]);
  });

  it('resolves module-level names bound to a NodeSelector', () => {
    const module = readPython(fixture('clean/echo.py'));
    const chute = module.calls.find((c) => c.kind === 'chute')!;
    expect(chute.assignedTo).toBe('chute');
    const value = arg(chute, 'node_selector').value;
    expect(value).toMatchObject({ kind: 'name', name: 'node_selector' });
    expect(resolveCall(module, value, 'node-selector')).toBe(module.calls.find((c) => c.kind === 'node-selector'));
    expect(resolveCall(module, arg(chute, 'image').value, 'node-selector')).toBeUndefined();
  });

  it('uses the binding in force at the point of use', () => {
    const module = readPython(
      ['from chutes.chute import Chute, NodeSelector', 'ns = NodeSelector(gpu_count=1)', 'a = Chute(node_selector=ns)', 'ns = NodeSelector(gpu_count=2)', 'b = Chute(node_selector=ns)'].join('\n'),
    );
    const [first, a, second, b] = module.calls;
    expect(resolveCall(module, arg(a!, 'node_selector').value, 'node-selector')).toBe(first);
    expect(resolveCall(module, arg(b!, 'node_selector').value, 'node-selector')).toBe(second);
  });

  it('reads positional arguments, templates, tuples, dicts, negatives and dotted callees', () => {
    const module = readPython(
      'import chutes.chute as cc\nx = cc.NodeSelector(gpu_count=-1, include=("a10",), exclude=None)\ny = build_diffusion_chute("me", "n", pipeline_args={"steps": 30, "safe": False}, max_instances=MAX)\n',
    );
    expect(module.importsChutes).toBe(true);
    const [selector, diffusion] = module.calls;
    expect(selector!.callee).toBe('cc.NodeSelector');
    expect(selector!.args.map((a) => literal(a.value))).toEqual([-1, 'list', 'none']);
    expect(diffusion!.kind).toBe('template');
    expect(diffusion!.args.map((a) => a.position)).toEqual([0, 1, undefined, undefined]);
    const pipeline = arg(diffusion!, 'pipeline_args').value;
    expect(pipeline.kind === 'dict' && pipeline.entries.map((e) => [literal(e.key), literal(e.value)])).toEqual([
      ['steps', 30],
      ['safe', false],
    ]);
    expect(arg(diffusion!, 'max_instances').value).toMatchObject({ kind: 'name', name: 'MAX' });
  });

  it('concatenates adjacent string literals and treats f-strings as expressions', () => {
    const module = readPython('from chutes.chute import Chute\nc = Chute(name="my-" \'chute\', readme=f"{x}", tagline=b"x")');
    const chute = module.calls[0]!;
    expect(arg(chute, 'name').value).toMatchObject({ kind: 'str', value: 'my-chute' });
    expect(arg(chute, 'readme').value.kind).toBe('expr');
    expect(arg(chute, 'tagline').value.kind).toBe('expr');
  });

  it('ignores definitions and non-chute modules', () => {
    const module = readPython(fixture('clean/no_chutes_import.py'));
    expect(module.importsChutes).toBe(false);
    expect(module.calls).toHaveLength(1); // the call is read; the engine decides not to lint it
    expect(readPython('def Chute(x):\n    pass\nclass Image(Base):\n    pass').calls).toEqual([]);
    expect(readPython('import chutesx\nfrom chutes_extra import a').importsChutes).toBe(false);
  });
});

describe('readPython while typing', () => {
  it('keeps an unfinished call and its arguments up to the end of the file', () => {
    const src = 'from chutes.chute import NodeSelector\nns = NodeSelector(gpu_count=1, include=["h1';
    const [call] = readPython(src).calls;
    expect(call!.close).toBeUndefined();
    expect(call!.inner.end).toBe(src.length);
    const include = arg(call!, 'include').value;
    expect(include.kind === 'list' && include.closed).toBe(false);
    expect(include.kind === 'list' && include.items[0]).toMatchObject({ kind: 'str', value: 'h1', parts: [{ terminated: false }] });
  });

  it('ends unclosed calls before the next decorator so later cords still parse', () => {
    const module = readPython(fixture('typing/unclosed_call.py'));
    expect(module.calls.map((c) => c.kind)).toEqual(['chute', 'node-selector', 'cord', 'node-selector']);
    expect(module.calls[2]!.decorator?.target?.name).toBe('echo');
    expect(arg(module.calls[1]!, 'min_vram_gb').value).toMatchObject({ kind: 'expr', text: '' });
  });

  it('lets an open string end its argument so the next lines keep their own', () => {
    const [chute] = readPython(fixture('typing/unterminated_string.py')).calls;
    expect(chute!.args.map((a) => a.name)).toEqual(['username', 'name', 'image', 'node_selector']);
  });
});
