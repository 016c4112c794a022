import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintManifest, lintPython } from '../../../src/core/lint';
import { boundModuleFor } from '../../../src/core/lint/moduleCache';

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')) as T;
const python = readJson<Record<string, Snippet>>('snippets/python.json');
const yaml = readJson<Record<string, Snippet>>('snippets/chute-yaml.json');

const PLACEHOLDER = /\\([$}\\])|\$\{(\d+):([^}]*)\}|\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+)\}|\$(\d+)/g;

/** A snippet body as inserted when every placeholder keeps its default (the first choice of a choice). */
function expand(body: readonly string[]): string {
  const raw = body.join('\n');
  // Variables ($TM_FILENAME) and nested placeholders are beyond this expander: refuse them.
  if (/(?<!\\)\$\{?[A-Za-z_]|\$\{\d+:[^}]*\$/.test(raw)) throw new Error(`unsupported snippet syntax in:\n${raw}`);
  const defaults = new Map<string, string>();
  return raw.replace(PLACEHOLDER, (_, escaped: string, n1: string, value: string, n2: string, choices: string) => {
    if (escaped) return escaped;
    const index = n1 ?? n2;
    if (index === undefined) return '';
    const filled = value ?? choices.split(',')[0]!;
    // Mirrors of one tab stop must agree, or the editor shows something else than this test checks.
    if (defaults.has(index) && defaults.get(index) !== filled) throw new Error(`tab stop ${index} has two defaults`);
    defaults.set(index, filled);
    return filled;
  });
}

/** Fragments are linted where they are meant to be inserted. */
const customChute = expand(python['Chute with an Image and a cord']!.body);
const CONTEXT: Record<string, (body: string) => string> = {
  'Streaming cord': (body) => `${customChute}\n\n\n${body}\n`,
  NodeSelector: (body) => `from chutes.chute import NodeSelector\n\nselector = ${body}\n`,
};

/** tee=True is real, but deploying it needs a role most accounts lack: the engine says so. */
const EXPECTED: Record<string, string[]> = { 'TEE chute': ['chute/tee-restricted'] };

describe('snippet expansion used by these tests', () => {
  it('keeps defaults, takes the first choice, drops bare tab stops and unescapes', () => {
    expect(expand(['a=${1:x}, b=${2|p,q|}$0 ${3} \\$HOME ${1:x}'])).toBe('a=x, b=p  $HOME x');
    expect(() => expand(['${1:x} ${1:y}'])).toThrow(/two defaults/);
    expect(() => expand(['${1:${2:x}}'])).toThrow(/unsupported/);
    expect(() => expand(['$TM_FILENAME'])).toThrow(/unsupported/);
  });
});

describe('Python snippets lint clean with their defaults', () => {
  for (const [name, snippet] of Object.entries(python)) {
    it(name, async () => {
      const source = (CONTEXT[name] ?? ((body: string) => `${body}\n`))(expand(snippet.body));
      // The engine really checked something: the snippet's SDK calls are bound to their schemas.
      expect(boundModuleFor(source).bound.calls.size).toBeGreaterThan(0);
      const diagnostics = await lintPython(source);
      expect(diagnostics.map((d) => `${d.rule}: ${d.message}`)).toEqual(
        (EXPECTED[name] ?? []).map((rule) => expect.stringMatching(new RegExp(`^${rule}: `))),
      );
    });
  }

  it('a typical mistake in a snippet would be caught (the check is not vacuous)', async () => {
    const vllm = expand(python['vLLM template chute']!.body).replace('min_vram_gb_per_gpu', 'min_vram_gb').replace(/revision="0+"/, 'revision="main"');
    expect((await lintPython(vllm)).map((d) => d.rule).sort()).toEqual(['node-selector/min-vram-alias', 'template/invalid-revision']);
  });
});

describe('YAML snippets', () => {
  for (const [name, snippet] of Object.entries(yaml)) {
    it(`${name} is a clean manifest with its defaults`, async () => {
      expect(await lintManifest(expand(snippet.body), 'yaml')).toEqual([]);
    });
  }
});

describe('package.json contributes the snippet files', () => {
  it('python.json for python and chute-yaml.json for yaml', () => {
    const contributes = readJson<{ contributes: { snippets: Array<{ language: string; path: string }> } }>('package.json').contributes;
    expect(contributes.snippets).toEqual(
      expect.arrayContaining([
        { language: 'python', path: './snippets/python.json' },
        { language: 'yaml', path: './snippets/chute-yaml.json' },
      ]),
    );
  });
});
