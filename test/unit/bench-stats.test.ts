import { describe, expect, it } from 'vitest';
import { CounterLog } from '../../bench/parts/counter-log.js';
import { median, pairedRatio, percentile, ratio } from '../../bench/report/stats.js';

describe('bench median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    const result = median([5, 1, 3]);

    expect(result).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    const result = median([4, 1, 3, 2]);

    expect(result).toBe(2.5);
  });

  it('ignores failed runs (NaN) and is NaN when nothing is left', () => {
    expect(median([Number.NaN, 7, 9])).toBe(8);
    expect(median([Number.NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe('bench percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the nearest-rank value, one that some run produced', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });
});

describe('bench ratio', () => {
  it('divides by the baseline, and is NaN without a usable baseline', () => {
    expect(ratio(150, 100)).toBe(1.5);
    expect(ratio(150, 0)).toBeNaN();
    expect(ratio(Number.NaN, 100)).toBeNaN();
  });

  it('pairs values with the baseline of the same round before taking the median', () => {
    // Round 2 ran on a slow machine: both modes doubled. Pairing hides that drift.
    const monitored = [110, 220, 111];
    const baseline = [100, 200, 100];

    const result = pairedRatio(monitored, baseline);

    expect(result).toBeCloseTo(1.1, 10);
  });
});

describe('bench CounterLog reading the sensor debug log', () => {
  const counters = (time: number, emitted: number, full: number): string =>
    JSON.stringify({
      level: 20,
      time,
      counters: {
        mprotect: { emitted, ringbufFull: full },
        connect: { emitted: 5, ringbufFull: 1 },
      },
      msg: 'counters',
    });
  const batch = (time: number, events: number): string =>
    `{"level":20,"time":${time},"records":${events},"events":${events},"msg":"batch decoded"}`;

  it('keeps the latest kernel totals, summing ringbufFull over hooks', () => {
    const log = new CounterLog();

    log.read(counters(1_000, 10, 0));
    log.read(counters(2_000, 50, 3));

    expect(log.latest()).toEqual({
      timeMs: 2_000,
      mprotectEmitted: 50,
      ringbufFull: 4,
      mprotectAggregated: 0,
    });
  });

  it('counts decoded events only in batches logged inside the window', () => {
    const log = new CounterLog();
    for (const [time, events] of [
      [999, 1],
      [1_000, 10],
      [1_500, 20],
      [2_001, 100],
    ] as const) {
      log.read(batch(time, events));
    }

    const result = log.decodedBetween(1_000, 2_000);

    expect(result).toBe(30);
  });
});
