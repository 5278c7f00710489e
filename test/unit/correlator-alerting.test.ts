import { describe, expect, it } from 'vitest';
import { InvalidCorrelatorOptionError } from '../../src/correlate/options.js';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import { INTERVAL_MS, LOOKBACK_MS } from '../../src/rules/rwx-network.js';
import { deliver, HOST_ID, makeCorrelator } from './support/correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

function m(atMs: number, overrides: Partial<MprotectEvent> = {}): MprotectEvent {
  return mprotectEvent({ timeMs: T0_MS + atMs, ...overrides });
}

function c(atMs: number, overrides: Partial<ConnectEvent> = {}): ConnectEvent {
  return connectEvent({ timeMs: T0_MS + atMs, ...overrides });
}

describe('Correlator reporting a match', () => {
  it('carries the key, the earliest event of each leg and the leg counts', () => {
    const { correlator, clock } = makeCorrelator();
    const first = m(0);

    const [match] = deliver(correlator, clock, [first, m(SECOND_MS), c(2 * SECOND_MS)]);

    expect(match?.key).toEqual({ hostId: HOST_ID, pid: 4242, name: 'payload' });
    expect(match?.mprotect).toBe(first);
    expect(match?.connect.timeMs).toBe(T0_MS + 2 * SECOND_MS);
    expect(match).toMatchObject({ mprotectCount: 2, connectCount: 1, foldedMatches: 0 });
  });

  it('reports the earliest mprotect by kernel time even when it arrives second', () => {
    const { correlator, clock } = makeCorrelator();
    const early = m(0);
    const late = m(SECOND_MS);
    clock.at(SECOND_MS);

    correlator.push(late);
    correlator.push(early);
    const [match] = correlator.push(c(SECOND_MS));

    expect(match?.mprotect).toBe(early);
  });

  it('pairs with the latest mprotect once the earliest has aged out', () => {
    const { correlator, clock } = makeCorrelator();
    const recent = m(8 * MINUTE_MS);

    const [match] = deliver(correlator, clock, [m(0), recent, c(10 * MINUTE_MS)]);

    expect(match?.mprotect).toBe(recent);
    expect(match?.mprotectCount).toBe(1);
  });
});

describe('Correlator with a key that keeps matching', () => {
  it('alerts once per interval and folds the held-back matches into the next alert', () => {
    const { correlator, clock } = makeCorrelator();
    const events = [m(0), c(SECOND_MS), c(2 * SECOND_MS), c(3 * SECOND_MS)];
    const later = c(SECOND_MS + INTERVAL_MS);

    const first = deliver(correlator, clock, events);
    const second = deliver(correlator, clock, [later]);

    expect(first).toHaveLength(1);
    expect(first[0]?.foldedMatches).toBe(0);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ connect: events[2], foldedMatches: 2, connectCount: 4 });
    expect(correlator.stats()).toMatchObject({ alerts: 2, suppressed: 2 });
  });

  it('holds back a match one millisecond before the interval ends', () => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [m(0), c(0)]);

    const matches = deliver(correlator, clock, [c(INTERVAL_MS - 1)]);

    expect(matches).toEqual([]);
    expect(correlator.stats().suppressed).toBe(1);
  });

  it('never alerts the same pair of events twice', () => {
    const { correlator, clock } = makeCorrelator();
    const connect = c(SECOND_MS);
    deliver(correlator, clock, [m(0), connect]);
    clock.at(SECOND_MS + INTERVAL_MS);

    const matches = correlator.push(connect);

    expect(matches).toEqual([]);
    expect(correlator.stats()).toMatchObject({ alerts: 1, duplicates: 1 });
  });

  it('keeps the interval of one key from holding back another key', () => {
    const { correlator, clock } = makeCorrelator();
    const events = [m(0, { pid: 1 }), c(0, { pid: 1 }), m(0, { pid: 2 }), c(0, { pid: 2 })];

    const matches = deliver(correlator, clock, events);

    expect(matches.map((match) => match.key.pid)).toEqual([1, 2]);
  });
});

describe('Correlator over the global alert cap', () => {
  function pairOf(pid: number, atMs: number) {
    return [m(atMs, { pid }), c(atMs, { pid })];
  }

  it('alerts up to the cap and counts the overflow', () => {
    const { correlator, clock } = makeCorrelator({ maxAlertsPerInterval: 2 });
    const events = [1, 2, 3, 4].flatMap((pid) => pairOf(pid, 0));

    const matches = deliver(correlator, clock, events);

    expect(matches.map((match) => match.key.pid)).toEqual([1, 2]);
    expect(correlator.stats()).toMatchObject({ alerts: 2, overCap: 2 });
  });

  it('opens the next window one interval after the first alert', () => {
    const { correlator, clock } = makeCorrelator({ maxAlertsPerInterval: 1 });
    deliver(correlator, clock, [...pairOf(1, 10 * SECOND_MS), ...pairOf(2, 10 * SECOND_MS)]);

    const before = deliver(correlator, clock, [c(9 * SECOND_MS + INTERVAL_MS, { pid: 2 })]);
    const after = deliver(correlator, clock, [c(10 * SECOND_MS + INTERVAL_MS, { pid: 2 })]);

    expect(before).toEqual([]);
    expect(after).toHaveLength(1);
    expect(after[0]?.foldedMatches).toBe(2);
  });

  it('starts a fresh window after several idle intervals', () => {
    const { correlator, clock } = makeCorrelator({
      maxAlertsPerInterval: 1,
      lookbackMs: MINUTE_MS,
    });
    deliver(correlator, clock, pairOf(1, 0));

    const matches = deliver(correlator, clock, pairOf(2, 3 * INTERVAL_MS + SECOND_MS));

    expect(matches).toHaveLength(1);
  });
});

describe('Correlator expiring state', () => {
  it('drops a key once both legs leave the look-back and its interval passed', () => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [m(0), c(SECOND_MS)]);
    clock.at(SECOND_MS + LOOKBACK_MS + 1);

    correlator.expire();

    expect(correlator.stats().keys).toBe(0);
  });

  it('keeps a key while one leg is still inside the look-back', () => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [m(0)]);
    clock.at(LOOKBACK_MS);

    correlator.expire();

    expect(correlator.stats().keys).toBe(1);
  });

  it('keeps an alerted key until its interval passes, even with empty legs', () => {
    const { correlator, clock } = makeCorrelator({ lookbackMs: MINUTE_MS });
    deliver(correlator, clock, [m(0), c(0)]);

    clock.at(2 * MINUTE_MS);
    correlator.expire();
    const during = correlator.stats().keys;
    clock.at(INTERVAL_MS);
    correlator.expire();
    const after = correlator.stats().keys;

    expect(during).toBe(1);
    expect(after).toBe(0);
  });

  it('counts folded matches lost with an expired key', () => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [m(0), c(0), c(SECOND_MS), c(2 * SECOND_MS)]);
    clock.at(LOOKBACK_MS + INTERVAL_MS);

    correlator.expire();

    expect(correlator.stats()).toMatchObject({ keys: 0, suppressed: 2, unreportedFolds: 2 });
  });

  it('returns to no state after a burst of many processes', () => {
    const { correlator, clock } = makeCorrelator();
    const burst = Array.from({ length: 5000 }, (_, pid) => m(pid, { pid }));
    deliver(correlator, clock, burst);

    const peak = correlator.stats().keys;
    clock.at(5000 + LOOKBACK_MS + 1);
    correlator.expire();

    expect(peak).toBe(5000);
    expect(correlator.stats().keys).toBe(0);
  });

  it('drops state when the clock steps back further than the look-back', () => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [m(0), c(0)]);
    clock.at(-60 * MINUTE_MS);

    correlator.expire();

    expect(correlator.stats().keys).toBe(0);
  });
});

describe('Correlator given out-of-range options', () => {
  const cases = [
    { option: 'lookbackMs', overrides: { lookbackMs: 0 } },
    { option: 'intervalMs', overrides: { intervalMs: Number.NaN } },
    { option: 'maxAlertsPerInterval', overrides: { maxAlertsPerInterval: 1.5 } },
  ];

  it.each(cases)('throws CORRELATOR_OPTION_INVALID naming $option', ({ option, overrides }) => {
    const build = () => makeCorrelator(overrides);

    expect(build).toThrow(InvalidCorrelatorOptionError);
    expect(build).toThrow(expect.objectContaining({ code: 'CORRELATOR_OPTION_INVALID', option }));
  });
});
