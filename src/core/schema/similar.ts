// Edit distance for "did you mean" suggestions (GPU ids, argument names).

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Candidates within a small edit distance of `name` (about a third of its length), closest first;
 * among equally close ones, those sharing a longer prefix with `name` come first.
 */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  return candidates
    .filter((candidate) => Math.abs(candidate.length - name.length) <= limit) // the distance is at least that
    .map((candidate) => ({ candidate, d: editDistance(lower, candidate.toLowerCase()), p: commonPrefix(lower, candidate.toLowerCase()) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || b.p - a.p)
    .slice(0, max)
    .map((c) => c.candidate);
}
