// Parses and checks a chute manifest (YAML, or JSON read by the same YAML parser so every value
// keeps its position), with the same schemas and platform rules as Python definitions.
// Linear in the file: duplicate keys, map lookups and aliases go through maps built once here
// (the yaml library's uniqueKeys check and toJS alias resolution are quadratic), and what aliases
// expand to is bounded.

import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { appendAll } from '../python/collections';
import { LineIndex, type Range } from '../python/positions';
import { closestGpuIds } from '../schema/gpus';
import { SCHEMAS, type SchemaId } from '../schema/schemas';
import { loadSchemaValidator, type SchemaValidator } from '../schema/validate';
import { nameNeedsTee, TEE_RESTRICTED_MESSAGE, teeNameMessage } from '../lint/guide';
import { withApplicableFixes } from '../lint/applicableFixes';
import { severityOf, type RuleId } from '../lint/rules';
import { checkAgainstSchema, escapePointer, type CheckTarget } from '../lint/schemaCheck';
import { selectorDiagnostics } from '../lint/selectorRules';
import type { Diagnostic, Fix, TextEdit } from '../lint/types';
import type { SelectorValues } from '../schema/gpus';
import { workMeter } from '../python/workMeter';
import { strictJsonError } from './strictJson';
import type { ChuteManifest, ManifestKind } from './types';

type Yaml = typeof import('../lazy/yaml');

export interface ParsedManifest {
  /** Present when the manifest has no errors (warnings and infos allowed). */
  manifest?: ChuteManifest;
  diagnostics: Diagnostic[];
}

export async function parseManifest(text: string, kind: ManifestKind): Promise<ParsedManifest> {
  const [yaml, validator] = await Promise.all([import('../lazy/yaml'), loadSchemaValidator()]);
  return new ManifestChecker(yaml, validator, text, kind).run();
}

export async function lintManifest(text: string, kind: ManifestKind): Promise<Diagnostic[]> {
  return (await parseManifest(text, kind)).diagnostics;
}

const decodePointer = (p: string): string[] => p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** Deeper nesting is refused rather than risking the stack. */
const MAX_NESTING = 256;

/** A manifest the checker refuses to read further, with where and why. */
class Unreadable extends Error {
  constructor(
    message: string,
    readonly span: [number, number],
  ) {
    super(message);
  }
}

class ManifestChecker {
  private readonly lines: LineIndex;
  private readonly diagnostics: Diagnostic[] = [];
  private root: Node | null = null;
  /** Each map's pairs by key, built on first lookup. */
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly yaml: Yaml,
    private readonly validator: SchemaValidator,
    private readonly text: string,
    private readonly kind: ManifestKind,
  ) {
    this.lines = new LineIndex(text);
  }

  private report(rule: RuleId, range: Range, message: string, fixes?: Fix[]): void {
    this.diagnostics.push(withApplicableFixes({ range, severity: severityOf(rule), message, rule, ...(fixes?.length ? { fixes } : {}) }));
  }

  private rangeOf(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  run(): ParsedManifest {
    const docs = this.yaml.parseAllDocuments(this.text, { prettyErrors: false, uniqueKeys: false });
    const doc = Array.isArray(docs) ? (docs[0] as Document.Parsed | undefined) : undefined;
    if (Array.isArray(docs) && docs.length > 1) {
      const start = docs[1]!.range[0];
      this.report('manifest/multiple-documents', this.rangeOf(start, start), 'This file holds more than one YAML document: only the first is used.');
    }
    for (const error of doc?.errors ?? []) this.report('manifest/syntax', this.rangeOf(error.pos[0], error.pos[1]), `${this.syntaxName()}: ${error.message}.`);
    const duplicates = doc ? this.reportDuplicateKeys(doc.contents) : 0;
    if (!doc || doc.errors.length || duplicates) return this.finish(doc ? undefined : null);
    if (this.kind === 'json') this.checkStrictJson();
    this.root = doc.contents;
    let data: unknown;
    try {
      data = this.toData(this.root);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      this.report('manifest/syntax', this.rangeOf(...error.span), `${this.syntaxName()}: ${error.message}.`);
      return this.finish(undefined);
    }
    return this.finish(data);
  }

  private syntaxName(): string {
    return this.kind === 'json' ? 'Not valid JSON' : 'Not valid YAML';
  }

  /** Reports keys given twice in one mapping (a Set per mapping); returns how many. */
  private reportDuplicateKeys(root: Node | null): number {
    let count = 0;
    const walk = (node: Node | null, depth: number): void => {
      workMeter.steps++;
      if (!node || depth > MAX_NESTING) return;
      if (this.yaml.isSeq(node)) for (const item of node.items as Array<Node | null>) walk(item, depth + 1);
      if (!this.yaml.isMap(node)) return;
      const seen = new Set<unknown>();
      for (const pair of node.items as Pair[]) {
        const key = pair.key as Node | null;
        if (this.yaml.isScalar(key) && key.range) {
          if (seen.has(key.value)) {
            count++;
            this.report('manifest/syntax', this.rangeOf(key.range[0], key.range[0] + 1), `${this.syntaxName()}: Map keys must be unique.`);
          }
          seen.add(key.value);
        }
        walk(pair.value as Node | null, depth + 1);
      }
    };
    walk(root, 0);
    return count;
  }

  /** The YAML parser accepts a little more than JSON (trailing commas, comments): say so. */
  private checkStrictJson(): void {
    const error = strictJsonError(this.text);
    if (error) this.report('manifest/syntax', this.rangeOf(error.offset, Math.min(this.text.length, error.offset + 1)), `Not valid JSON: ${error.reason}.`);
  }

  /**
   * The document as plain data. Anchors are kept in a map as they are met, so each alias costs one
   * lookup; the total size that aliases expand to is bounded by the document's own size, which
   * refuses "billion laughs" files (the schema validator would walk every expansion).
   */
  private toData(root: Node | null): unknown {
    const { yaml } = this;
    const anchors = new Map<string, { value: unknown; size: number }>();
    let nodes = 0;
    let expanded = 0;
    const convert = (node: Node | null, depth: number): unknown => {
      workMeter.steps++;
      if (node === null) return null;
      const span: [number, number] = node.range ? [node.range[0], node.range[1]] : [0, 0];
      if (depth > MAX_NESTING) throw new Unreadable(`values are nested more than ${MAX_NESTING} levels deep`, span);
      if (yaml.isAlias(node)) {
        const target = anchors.get(node.source);
        if (!target) throw new Unreadable(`the alias *${node.source} has no anchor before it`, span);
        expanded += target.size;
        if (expanded > 4 * nodes + 1000) throw new Unreadable('aliases expand to far more data than the file holds', span);
        return target.value;
      }
      nodes++;
      const before = expanded;
      expanded++;
      let value: unknown;
      if (yaml.isMap(node)) {
        const out: Record<string, unknown> = {};
        for (const pair of node.items as Pair[]) {
          // A collection used as a key is named by its source text, as YAML writes it.
          const keyNode = pair.key as Node | null;
          const key = yaml.isScalar(keyNode) || !keyNode?.range ? String(convert(keyNode, depth + 1)) : this.text.slice(keyNode.range[0], keyNode.range[1]);
          // defineProperty: a "__proto__" key stays data, as JSON.parse keeps it.
          Object.defineProperty(out, key, { value: convert(pair.value as Node | null, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        value = out;
      } else if (yaml.isSeq(node)) {
        value = (node.items as Array<Node | null>).map((item) => convert(item, depth + 1));
      } else value = yaml.isScalar(node) ? node.value : null;
      if (node.anchor) anchors.set(node.anchor, { value, size: expanded - before });
      return value;
    };
    return convert(root, 0);
  }

  private finish(data: unknown): ParsedManifest {
    if (data === null || data === undefined) {
      if (!this.diagnostics.length) {
        const required = SCHEMAS['chute-manifest'].required ?? [];
        this.report('manifest/missing-field', this.rangeOf(0, 0), `The manifest is empty: it needs ${required.join(', ')}.`);
      }
      return { diagnostics: this.sorted() };
    }
    const { diagnostics: schemaDiagnostics } = checkAgainstSchema(this.validator, this.target(data));
    appendAll(this.diagnostics, schemaDiagnostics);
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const manifest = data as Partial<ChuteManifest>;
      if (!schemaDiagnostics.some((d) => d.rule.startsWith('node-selector/'))) this.checkSelector(manifest);
      this.checkTee(manifest);
    }
    const ok = !this.diagnostics.some((d) => d.severity === 'error');
    return { ...(ok ? { manifest: data as ChuteManifest } : {}), diagnostics: this.sorted() };
  }

  private sorted(): Diagnostic[] {
    return this.diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  // ---- locating nodes ----------------------------------------------------------------------

  private nodeAt(pointer: string): Node | null {
    let node: Node | null = this.root;
    for (const segment of decodePointer(pointer)) {
      if (this.yaml.isMap(node)) node = (this.pairIn(node, segment)?.value as Node | null) ?? null;
      else if (this.yaml.isSeq(node)) node = (node.items[Number(segment)] as Node | undefined) ?? null;
      else return null;
    }
    return node;
  }

  private pairIn(map: YAMLMap, key: string): Pair | undefined {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items as Pair[]) {
        workMeter.steps++;
        const name = this.yaml.isScalar(p.key) ? String(p.key.value) : undefined;
        if (name !== undefined && !index.has(name)) index.set(name, p);
      }
      this.pairIndex.set(map, index);
    }
    return index.get(key);
  }

  private pairAt(pointer: string): { map: YAMLMap; pair: Pair } | undefined {
    const segments = decodePointer(pointer);
    const parent = this.nodeAt(segments.slice(0, -1).map((s) => `/${escapePointer(s)}`).join(''));
    if (!this.yaml.isMap(parent)) return undefined;
    const pair = this.pairIn(parent, segments[segments.length - 1] ?? '');
    return pair ? { map: parent, pair } : undefined;
  }

  private spanOf(node: Node | null | undefined): [number, number] | undefined {
    return node?.range ? [node.range[0], node.range[1]] : undefined;
  }

  private valueSpan(pointer: string): [number, number] {
    return this.spanOf(this.nodeAt(pointer)) ?? this.keySpan(pointer);
  }

  private keySpan(pointer: string): [number, number] {
    const found = this.pairAt(pointer);
    const key = this.spanOf(found?.pair.key as Node | undefined);
    if (key) return key;
    const parent = decodePointer(pointer).slice(0, -1);
    if (parent.length) return this.keySpan(parent.map((s) => `/${escapePointer(s)}`).join(''));
    const first = this.yaml.isMap(this.root) ? (this.root.items[0]?.key as Node | undefined) : undefined;
    return this.spanOf(first) ?? [0, 0];
  }

  private target(data: unknown): CheckTarget {
    const label = (pointer: string): string =>
      decodePointer(pointer).reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || 'The manifest';
    const template = (data as { template?: unknown } | null)?.template;
    const templateSchema = typeof template === 'string' ? (`${template}-template` as SchemaId) : undefined;
    return {
      schema: 'chute-manifest',
      dialect: 'yaml',
      data,
      valueRange: (p) => this.rangeOf(...this.valueSpan(p)),
      keyRange: (p) => this.rangeOf(...this.keySpan(p)),
      valueText: (p) => this.text.slice(...this.valueSpan(p)),
      label,
      family: (p) => (p.startsWith('/node_selector/') ? 'node-selector' : 'manifest'),
      present: new Set(),
      missing: (property) => {
        const missingRevision = templateSchema && SCHEMAS[templateSchema]?.['x-missing-revision'];
        if (property === 'revision' && missingRevision) return `in the generated module, ${missingRevision}`;
        return typeof template === 'string' ? `the ${template} template cannot be built without it` : 'every manifest needs it';
      },
      anchor: (p) => this.rangeOf(...this.keySpan(p)),
      ...(typeof template === 'string' ? { template } : {}),
      fixes: (rule, pointer) => this.fixesFor(rule, pointer),
    };
  }

  // ---- platform rules ----------------------------------------------------------------------

  private checkSelector(manifest: Partial<ChuteManifest>): void {
    const selector = manifest.node_selector;
    if (!selector || typeof selector !== 'object') return;
    appendAll(
      this.diagnostics,
      selectorDiagnostics({
        values: selector as SelectorValues,
        complete: true,
        anchor: this.rangeOf(...this.keySpan('/node_selector')),
        fieldRange: (field) => (this.nodeAt(`/node_selector/${field}`) ? this.rangeOf(...this.valueSpan(`/node_selector/${field}`)) : undefined),
      }),
    );
  }

  private checkTee(manifest: Partial<ChuteManifest>): void {
    const nameField = manifest.template === 'diffusion' ? 'name' : 'model';
    const name = manifest[nameField];
    if (typeof name === 'string' && nameNeedsTee(name) && manifest.tee !== true) {
      this.report('chute/tee-name', this.rangeOf(...this.valueSpan(`/${nameField}`)), teeNameMessage(name, 'tee: true'), [
        { title: 'Set tee: true', edits: this.setRootValue('tee', 'true'), preferred: true },
      ]);
    }
    if (manifest.tee === true) this.report('chute/tee-restricted', this.rangeOf(...this.valueSpan('/tee')), `tee: true: ${TEE_RESTRICTED_MESSAGE}`);
  }

  // ---- fixes -------------------------------------------------------------------------------

  private fixesFor(rule: RuleId, pointer: string): Fix[] | undefined {
    switch (rule) {
      case 'node-selector/unknown-gpu': {
        const node = this.nodeAt(pointer);
        const value = this.yaml.isScalar(node) ? String(node.value) : '';
        return closestGpuIds(value).map((id, i) => ({ title: `Replace with ${id}`, edits: [this.replaceScalar(node, id)], preferred: i === 0 }));
      }
      case 'node-selector/min-vram-alias': {
        const key = this.pairAt(pointer)?.pair.key as Node | undefined;
        return key ? [{ title: 'Rename to min_vram_gb_per_gpu', edits: [this.replaceScalar(key, 'min_vram_gb_per_gpu')], preferred: true }] : undefined;
      }
      case 'node-selector/require-tee':
      case 'chute/tee-config': {
        const remove = this.removePair(pointer);
        const node = this.nodeAt(pointer);
        if (!remove) return undefined;
        if (this.yaml.isScalar(node) && node.value === false) return [{ title: 'Remove it', edits: [remove], preferred: true }];
        // A top-level tee_config becomes tee: true in place; require_tee's tee: true goes before node_selector.
        const edits = rule === 'chute/tee-config' && !this.nodeAt('/tee') ? [this.replacePair(pointer, 'tee', 'true')] : [remove, ...this.setRootValue('tee', 'true', '/node_selector')];
        return [{ title: 'Remove it and set tee: true', edits, preferred: true }];
      }
      case 'chute/validator-free-access':
      case 'node-selector/unknown-argument':
      case 'manifest/unknown-field':
      case 'manifest/field-not-for-template': {
        const remove = this.removePair(pointer);
        return remove ? [{ title: `Remove ${decodePointer(pointer).pop()}`, edits: [remove] }] : undefined;
      }
      case 'manifest/invalid-value': {
        const node = this.nodeAt(pointer);
        if (pointer !== '/template' || !this.yaml.isScalar(node) || node.value !== 'tei') return undefined;
        return [{ title: 'Use the embedding template', edits: [this.replaceScalar(node, 'embedding')], preferred: true }];
      }
      default:
        return undefined;
    }
  }

  /** Block collections end after their last line break: step back to the last character of content. */
  private contentEnd(offset: number, floor: number): number {
    let end = offset;
    while (end > floor && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }

  /** Replaces a scalar keeping its quoting style (always quoted in JSON). */
  private replaceScalar(node: Node | null | undefined, value: string): TextEdit {
    const [start, end] = this.spanOf(node) ?? [0, 0];
    const type = this.yaml.isScalar(node) ? node.type : undefined;
    const quote = type === 'QUOTE_DOUBLE' || this.kind === 'json' ? '"' : type === 'QUOTE_SINGLE' ? "'" : '';
    return { range: this.rangeOf(start, end), newText: `${quote}${value}${quote}` };
  }

  private removePair(pointer: string): TextEdit | undefined {
    const found = this.pairAt(pointer);
    const key = this.spanOf(found?.pair.key as Node | undefined);
    if (!found || !key) return undefined;
    const valueEnd = this.contentEnd((found.pair.value as Node | null)?.range?.[1] ?? key[1], key[1]);
    if (!found.map.flow) {
      const first = this.lines.position(key[0]).line;
      const last = this.lines.position(valueEnd).line;
      const end = last + 1 < this.lines.lineCount ? this.lines.lineStart(last + 1) : this.text.length;
      return { range: this.rangeOf(this.lines.lineStart(first), end), newText: '' };
    }
    const pairs = found.map.items as Pair[];
    const index = pairs.indexOf(found.pair);
    const next = this.spanOf(pairs[index + 1]?.key as Node | undefined);
    if (next) return { range: this.rangeOf(key[0], next[0]), newText: '' };
    const previous = (pairs[index - 1]?.value as Node | null | undefined)?.range?.[1];
    return { range: this.rangeOf(previous ?? key[0], valueEnd), newText: '' };
  }

  /** Replaces a whole `key: value` pair with another field. */
  private replacePair(pointer: string, name: string, value: string): TextEdit {
    const found = this.pairAt(pointer)!;
    const [start] = this.spanOf(found.pair.key as Node)!;
    const end = this.contentEnd((found.pair.value as Node | null)?.range?.[1] ?? start, start);
    const key = found.map.flow || this.kind === 'json' ? `"${name}"` : name;
    return { range: this.rangeOf(start, end), newText: `${key}: ${value}` };
  }

  /**
   * Sets a top-level field. When absent it is added after the last field, or, in block style,
   * on a line of its own before the field at `before` (so it never meets an edit inside that field).
   */
  private setRootValue(name: string, value: string, before?: string): TextEdit[] {
    if (!this.yaml.isMap(this.root)) return [];
    const existing = this.nodeAt(`/${name}`);
    if (existing?.range) return [{ range: this.rangeOf(existing.range[0], existing.range[1]), newText: value }];
    const anchor = before && !this.root.flow ? this.spanOf(this.pairAt(before)?.pair.key as Node | undefined) : undefined;
    if (anchor) {
      const lineStart = this.lines.lineStart(this.lines.position(anchor[0]).line);
      const indent = /^[ \t]*/.exec(this.text.slice(lineStart, anchor[0]))![0];
      return [{ range: this.rangeOf(lineStart, lineStart), newText: `${indent}${name}: ${value}\n` }];
    }
    const pairs = this.root.items as Pair[];
    const last = pairs[pairs.length - 1];
    const lastKey = this.spanOf(last?.key as Node | undefined);
    if (!last || !lastKey) return [];
    const lastEnd = this.contentEnd((last.value as Node | null)?.range?.[1] ?? lastKey[1], lastKey[1]);
    const keyLine = this.lines.position(lastKey[0]).line;
    const indent = /^[ \t]*/.exec(this.text.slice(this.lines.lineStart(keyLine), lastKey[0]))![0];
    if (this.root.flow) {
      const sameLine = this.lines.position(lastEnd).line === this.lines.position(this.root.range?.[0] ?? 0).line;
      const text = sameLine ? `, "${name}": ${value}` : `,\n${indent}"${name}": ${value}`;
      return [{ range: this.rangeOf(lastEnd, lastEnd), newText: text }];
    }
    const lineEnd = this.lines.lineEnd(this.lines.position(lastEnd).line);
    return [{ range: this.rangeOf(lineEnd, lineEnd), newText: `\n${indent}${name}: ${value}` }];
  }
}
