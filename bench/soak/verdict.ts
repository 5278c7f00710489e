// The soak's pass or fail, from numbers alone: no clock, no I/O, so the unit tests pin
// every threshold the report states.
import { median } from '../report/stats.js';

/** Memory is flat when the last third's median RSS is at most this much above the first's. */
export const MAX_RSS_GROWTH_PCT = 10;
/**
 * Warm-up, left out of the comparison: this share of the run, at least WARMUP_MIN_MS (the
 * soak's correlator windows, run-soak.ts, settle within it) and at most WARMUP_MAX_MS.
 */
export const WARMUP_SHARE = 0.2;
export const WARMUP_MIN_MS = 30_000;
export const WARMUP_MAX_MS = 120_000;
/** Each third needs at least this many samples for its median to mean anything. */
export const MIN_SAMPLES_PER_THIRD = 3;

export interface TimedValue {
  /** Milliseconds since the load started. */
  atMs: number;
  value: number;
}

export interface GrowthCheck {
  warmupMs: number;
  samplesUsed: number;
  firstMedian: number;
  lastMedian: number;
  growthPct: number;
  /** undefined when there were too few samples after the warm-up to judge. */
  flat: boolean | undefined;
}

export function warmupMs(runMs: number): number {
  return Math.min(Math.max(runMs * WARMUP_SHARE, WARMUP_MIN_MS), WARMUP_MAX_MS);
}

/** Compares the median of the last third of the samples after warm-up with the first third. */
export function growthCheck(samples: readonly TimedValue[], runMs: number): GrowthCheck {
  const warmup = warmupMs(runMs);
  const used = samples.filter((s) => s.atMs >= warmup && Number.isFinite(s.value));
  const third = Math.floor(used.length / 3);
  const base = { warmupMs: warmup, samplesUsed: used.length };

  if (third < MIN_SAMPLES_PER_THIRD) {
    return { ...base, firstMedian: NaN, lastMedian: NaN, growthPct: NaN, flat: undefined };
  }

  const firstMedian = median(used.slice(0, third).map((s) => s.value));
  const lastMedian = median(used.slice(used.length - third).map((s) => s.value));
  const growthPct = ((lastMedian - firstMedian) / firstMedian) * 100;
  return { ...base, firstMedian, lastMedian, growthPct, flat: growthPct <= MAX_RSS_GROWTH_PCT };
}

export interface LossInput {
  expectedAlerts: number;
  /** Distinct soak processes that alerted. */
  raisedAlerts: number;
  overCap: number;
  kernelDropped: number;
  emitted: number;
  handed: number;
  lost: number;
}

export interface LossCheck {
  missingAlerts: number;
  /** Records the kernel emitted that neither reached JS nor were counted as lost. */
  transportGap: number;
  /** Everything the sensor counted as lost or refused. */
  countedLoss: number;
  explained: boolean;
  reasons: string[];
}

/**
 * Loss is explained when nothing went missing, or when every missing alert is covered by
 * a counted loss (a kernel drop, a transport loss or the alert cap). The transport must
 * balance exactly: a record that vanishes uncounted is never explained.
 */
export function lossCheck(input: LossInput): LossCheck {
  const missingAlerts = Math.max(0, input.expectedAlerts - input.raisedAlerts);
  const transportGap = Math.max(0, input.emitted - input.handed - input.lost);
  const countedLoss = input.kernelDropped + input.lost + input.overCap;
  const reasons: string[] = [];

  const counters = [input.emitted, input.handed, input.lost, input.overCap, input.kernelDropped];
  if (!counters.every(Number.isFinite)) reasons.push('loss counters missing from /metrics');
  if (transportGap > 0) reasons.push(`${transportGap} emitted records neither handed nor lost`);
  if (missingAlerts > countedLoss) {
    reasons.push(`${missingAlerts} alerts missing, only ${countedLoss} losses counted`);
  }
  return { missingAlerts, transportGap, countedLoss, explained: reasons.length === 0, reasons };
}

export interface AccuracyInput {
  duplicates: number;
  falsePositives: number;
}

export interface Verdict {
  memoryFlat: boolean;
  lossExplained: boolean;
  alertsAccurate: boolean;
  sensorExitedCleanly: boolean;
  pass: boolean;
}

export function verdict(
  memory: GrowthCheck,
  loss: LossCheck,
  accuracy: AccuracyInput,
  sensorExit: number | null,
): Verdict {
  const parts = {
    // Too few samples to judge is not a pass: the lead asked whether memory is flat.
    memoryFlat: memory.flat === true,
    lossExplained: loss.explained,
    alertsAccurate: accuracy.duplicates === 0 && accuracy.falsePositives === 0,
    sensorExitedCleanly: sensorExit === 0,
  };
  return { ...parts, pass: Object.values(parts).every(Boolean) };
}
