// Small text helpers for messages.

import { workMeter } from '../python/workMeter';

/**
 * Source text shortened to one line for a message: runs of whitespace become one space. It reads
 * at most a bounded prefix, so a message about a 100 KB argument costs no more than a short one.
 */
export function brief(text: string, max = 60): string {
  let out = '';
  let space = false;
  const limit = Math.min(text.length, max * 64);
  for (let i = 0; i < limit && out.length <= max; i++) {
    workMeter.steps++;
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) space = out.length > 0;
    else {
      if (space) out += ' ';
      space = false;
      out += text[i];
    }
  }
  return out.length > max ? `${out.slice(0, max - 3)}...` : out;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
