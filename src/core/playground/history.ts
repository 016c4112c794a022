// Playground history: per target, newest first, capped, searchable. Pure; the host persists it.
import type { HistoryEntry, RunInput } from './protocol';

export const HISTORY_CAP = 50;

/** The entries with `entry` first and the target's entries beyond `cap` dropped. */
export function addEntry(entries: readonly HistoryEntry[], entry: HistoryEntry, cap = HISTORY_CAP): HistoryEntry[] {
  let kept = 0;
  return [entry, ...entries.filter((e) => e.id !== entry.id)].filter((e) => e.targetKey !== entry.targetKey || ++kept <= cap);
}

export function inputText(input: RunInput): string {
  return input.kind === 'chat' ? [input.params.system, input.params.prompt].filter(Boolean).join('\n') : JSON.stringify(input.body);
}

/** A target's entries whose input or reply contains every word of `query` (case-insensitive). */
export function searchHistory(entries: readonly HistoryEntry[], targetKey: string, query: string): HistoryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (e.targetKey !== targetKey) return false;
    const text = `${inputText(e.input)}\n${e.reply}\n${e.error ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
