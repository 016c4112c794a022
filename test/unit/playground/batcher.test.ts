import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChunkBatcher } from '../../../src/core/playground/batcher';

afterEach(() => vi.useRealTimers());

describe('ChunkBatcher', () => {
  it('hands on the text of one interval in one piece, and the rest when flushed', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const batcher = new ChunkBatcher((text) => sent.push(text), 16);
    batcher.add('a');
    batcher.add('b');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual(['ab']);
    batcher.add('c');
    batcher.flush();
    batcher.flush();
    expect(sent).toEqual(['ab', 'c']);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['ab', 'c']);
  });
});
