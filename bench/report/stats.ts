// Summaries of repeated measurements. Pure: no clock, no I/O, so the unit tests
// pin the numbers the report prints.

function finiteSorted(values: readonly number[]): number[] {
  return values.filter(Number.isFinite).sort((a, b) => a - b);
}

/** The middle value, or the mean of the two middle ones; NaN when there is none. */
export function median(values: readonly number[]): number {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return Number.NaN;

  const half = Math.floor(sorted.length / 2);
  const upper = sorted[half] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[half - 1] as number) + upper) / 2;
}

/**
 * Nearest-rank percentile: the smallest value with at least `p` percent of the
 * values at or below it, so it is always a value some run produced.
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return Number.NaN;

  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** `value / baseline`; NaN when either is missing or the baseline is not positive. */
export function ratio(value: number, baseline: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return Number.NaN;
  return value / baseline;
}

/**
 * The median of per-round ratios to the baseline of the same round: a slow round
 * slows every mode in it, so pairing by round cancels drift between rounds.
 */
export function pairedRatio(values: readonly number[], baselines: readonly number[]): number {
  return median(values.map((value, round) => ratio(value, baselines[round] ?? Number.NaN)));
}
