import { describe, expect, it } from 'vitest';
import {
  growthCheck,
  type LossInput,
  lossCheck,
  type TimedValue,
  verdict,
  WARMUP_MAX_MS,
  WARMUP_MIN_MS,
  warmupMs,
} from '../../bench/soak/verdict.js';

const MINUTE = 60_000;

/** One sample every 2 s over `runMs`, valued by `rss(atMs)`. */
function samples(runMs: number, rss: (atMs: number) => number): TimedValue[] {
  return Array.from({ length: runMs / 2_000 }, (_, i) => {
    const atMs = (i + 1) * 2_000;
    return { atMs, value: rss(atMs) };
  });
}

const balanced: LossInput = {
  expectedAlerts: 1_000,
  raisedAlerts: 1_000,
  overCap: 0,
  kernelDropped: 0,
  emitted: 5_000,
  handed: 5_000,
  lost: 0,
};

describe('soak warm-up', () => {
  it('is a fifth of the run, between its floor and its ceiling', () => {
    expect(warmupMs(10 * MINUTE)).toBe(WARMUP_MAX_MS);
    expect(warmupMs(5 * MINUTE)).toBe(MINUTE);
    expect(warmupMs(MINUTE)).toBe(WARMUP_MIN_MS);
  });
});

describe('soak growthCheck on RSS samples', () => {
  it('calls memory flat when the last third stays within the limit', () => {
    const run = samples(10 * MINUTE, (t) => 100_000 + (t % 10_000 === 0 ? 5_000 : 0));

    const check = growthCheck(run, 10 * MINUTE);

    expect(check.flat).toBe(true);
    expect(check.growthPct).toBeCloseTo(0, 5);
    expect(check.samplesUsed).toBe(241);
  });

  it('leaves the warm-up out, so a start-up climb does not count as growth', () => {
    const run = samples(10 * MINUTE, (t) => (t < 90_000 ? 50_000 + t : 140_000));

    const check = growthCheck(run, 10 * MINUTE);

    expect(check.flat).toBe(true);
    expect(check.firstMedian).toBe(140_000);
  });

  it('fails a steady climb of more than the limit after the warm-up', () => {
    // 100 MiB growing by 4 MiB a minute: the thirds' medians are 320 s apart.
    const run = samples(10 * MINUTE, (t) => 102_400 + (4_096 * t) / MINUTE);

    const check = growthCheck(run, 10 * MINUTE);

    expect(check.flat).toBe(false);
    expect(check.growthPct).toBeGreaterThan(15);
  });

  it('fails growth just above 10 % and passes growth just below it', () => {
    const step = (last: number) => (t: number) => (t < 6 * MINUTE ? 100_000 : last);

    expect(growthCheck(samples(10 * MINUTE, step(110_500)), 10 * MINUTE).flat).toBe(false);
    expect(growthCheck(samples(10 * MINUTE, step(109_500)), 10 * MINUTE).flat).toBe(true);
  });

  it('does not judge a run with too few samples after the warm-up', () => {
    const run = samples(36_000, () => 100_000);

    const check = growthCheck(run, 36_000);

    expect(check.flat).toBeUndefined();
    expect(check.growthPct).toBeNaN();
  });

  it('skips samples whose value could not be read', () => {
    const run = samples(2 * MINUTE, (t) => (t % 4_000 === 0 ? Number.NaN : 100_000));

    const check = growthCheck(run, 2 * MINUTE);

    expect(check.samplesUsed).toBe(23);
    expect(check.flat).toBe(true);
  });
});

describe('soak lossCheck', () => {
  it('explains a run with every alert in and a balanced transport', () => {
    const check = lossCheck(balanced);

    expect(check).toEqual({
      missingAlerts: 0,
      transportGap: 0,
      countedLoss: 0,
      explained: true,
      reasons: [],
    });
  });

  it('explains missing alerts covered by kernel drops and transport loss', () => {
    const input = { ...balanced, raisedAlerts: 990, kernelDropped: 6, lost: 4, handed: 4_996 };

    const check = lossCheck(input);

    expect(check.explained).toBe(true);
    expect(check.missingAlerts).toBe(10);
    expect(check.countedLoss).toBe(10);
  });

  it('explains alerts refused by the cap', () => {
    const check = lossCheck({ ...balanced, raisedAlerts: 900, overCap: 100 });

    expect(check.explained).toBe(true);
  });

  it('does not explain more missing alerts than counted losses', () => {
    const check = lossCheck({ ...balanced, raisedAlerts: 990, kernelDropped: 3 });

    expect(check.explained).toBe(false);
    expect(check.reasons).toEqual(['10 alerts missing, only 3 losses counted']);
  });

  it('never explains records that left the kernel and vanished uncounted', () => {
    const check = lossCheck({ ...balanced, handed: 4_990, lost: 2 });

    expect(check.explained).toBe(false);
    expect(check.transportGap).toBe(8);
  });

  it('does not explain anything when the counters are missing from /metrics', () => {
    const check = lossCheck({ ...balanced, emitted: Number.NaN });

    expect(check.explained).toBe(false);
    expect(check.reasons).toContain('loss counters missing from /metrics');
  });
});

describe('soak verdict', () => {
  const flat = growthCheck(
    samples(10 * MINUTE, () => 100_000),
    10 * MINUTE,
  );
  const accurate = { duplicates: 0, falsePositives: 0 };

  it('passes when memory is flat, loss explained, alerts accurate and the exit clean', () => {
    const result = verdict(flat, lossCheck(balanced), accurate, 0);

    expect(result.pass).toBe(true);
  });

  it('fails on growth, unexplained loss, a false positive or an unclean exit alone', () => {
    const grown = { ...flat, flat: false };
    const lossy = lossCheck({ ...balanced, raisedAlerts: 1 });

    expect(verdict(grown, lossCheck(balanced), accurate, 0).pass).toBe(false);
    expect(verdict(flat, lossy, accurate, 0).pass).toBe(false);
    expect(verdict(flat, lossCheck(balanced), { ...accurate, falsePositives: 1 }, 0).pass).toBe(
      false,
    );
    expect(verdict(flat, lossCheck(balanced), accurate, null).memoryFlat).toBe(true);
    expect(verdict(flat, lossCheck(balanced), accurate, null).pass).toBe(false);
  });

  it('fails a run too short to judge memory', () => {
    const unjudged = { ...flat, flat: undefined };

    const result = verdict(unjudged, lossCheck(balanced), accurate, 0);

    expect(result.memoryFlat).toBe(false);
    expect(result.pass).toBe(false);
  });
});
