import { describe, expect, it } from 'vitest';
import { lintPython } from '../../../src/core/lint';
import { editsOverlap } from '../../../src/core/lint/applicableFixes';
import { applyEdits } from './applyEdits';

const edit = (l1: number, c1: number, l2: number, c2: number, newText = '') => ({
  range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } },
  newText,
});

describe('fixes whose edits overlap are never offered', () => {
  it('editsOverlap agrees with applying edits the way an editor does', () => {
    expect(editsOverlap([edit(0, 0, 0, 5), edit(0, 5, 0, 5, 'x')])).toBe(false);
    expect(editsOverlap([edit(0, 5, 0, 5, 'x'), edit(0, 0, 0, 5)])).toBe(false);
    expect(editsOverlap([edit(0, 0, 0, 0, 'a'), edit(0, 0, 0, 3)])).toBe(false);
    expect(editsOverlap([edit(0, 0, 1, 0), edit(0, 4, 0, 4, ',')])).toBe(true);
    expect(editsOverlap([edit(2, 0, 2, 9), edit(1, 3, 2, 1)])).toBe(true);
  });

  it('in a half-typed guide chute, require_tee keeps only an applicable fix', async () => {
    // Found by the robustness property test: Chute( is not closed yet, so "add tee=True after the
    // last argument" lands inside the NodeSelector line the same fix removes.
    const source = [
      'from chutes.chute import Chute, NodeSelector',
      '',
      'chute = Chute(',
      '    node_selector=NodeSelector(',
      '        gpu_count=1,',
      '        require_tee=True ',
    ].join('\n');
    const diagnostics = await lintPython(source);
    const requireTee = diagnostics.find((d) => d.rule === 'node-selector/require-tee');
    expect(requireTee).toBeDefined();
    for (const d of diagnostics) for (const fix of d.fixes ?? []) expect(() => applyEdits(source, fix.edits)).not.toThrow();
  });
});
