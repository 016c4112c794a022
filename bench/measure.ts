// Timing helpers for `npm run bench`. Every result is reported as a ratio against a baseline timed
// in the same run, on the same input, alternating rounds so both see the same machine state.

export interface Timed {
  name: string;
  /** Median seconds per round. */
  seconds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs baseline and candidate alternately for `rounds` rounds after one warm-up each. */
export async function compare(
  rounds: number,
  baseline: { name: string; run: () => unknown },
  candidate: { name: string; run: () => unknown },
): Promise<[Timed, Timed]> {
  await baseline.run();
  await candidate.run();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    for (const [index, subject] of [baseline, candidate].entries()) {
      const start = process.hrtime.bigint();
      await subject.run();
      times[index].push(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return [
    { name: baseline.name, seconds: median(times[0]) },
    { name: candidate.name, seconds: median(times[1]) },
  ];
}

/** One report line: the ratio first, absolute numbers as context. */
export function report(title: string, [base, cand]: [Timed, Timed], unit?: { amount: number; label: string }): void {
  const ratio = base.seconds / cand.seconds;
  const rate = (t: Timed) => (unit ? `${(unit.amount / t.seconds).toFixed(1)} ${unit.label}/s` : `${(t.seconds * 1000).toFixed(1)} ms`);
  console.log(
    `${title}: ${ratio.toFixed(2)}x the speed of ${base.name}  (${cand.name} ${rate(cand)}, ${base.name} ${rate(base)})`,
  );
}
