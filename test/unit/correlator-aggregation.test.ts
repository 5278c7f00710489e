import { describe, expect, it } from 'vitest';
import type { ConnectEvent, LegAggregate, MprotectEvent } from '../../src/events/types.js';
import { LOOKBACK_MS } from '../../src/rules/rwx-network.js';
import { deliver, makeCorrelator } from './support/correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

const MINUTE_MS = 60_000;
const REFRESH_MS = MINUTE_MS;

function m(atMs: number, aggregate?: LegAggregate): MprotectEvent {
  return mprotectEvent({ timeMs: T0_MS + atMs, ...(aggregate && { aggregate }) });
}

function c(atMs: number, aggregate?: LegAggregate): ConnectEvent {
  return connectEvent({ timeMs: T0_MS + atMs, ...(aggregate && { aggregate }) });
}

function peer(atMs: number, peerCount: number, legCount = 1): LegAggregate {
  return { legCount, peerLastMs: T0_MS + atMs, peerCount };
}

describe('Correlator with kernel aggregation, when the sent mprotect left the look-back', () => {
  it('pairs the connection with it when the kernel counted a later one in the window', () => {
    const { correlator, clock } = makeCorrelator({ aggregationRefreshMs: REFRESH_MS });
    const first = m(0, { legCount: 1, peerLastMs: undefined, peerCount: 0 });
    const connect = c(10 * MINUTE_MS, peer(5 * MINUTE_MS, 6));

    const matches = deliver(correlator, clock, [first, connect]);

    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      mprotect: first,
      connect,
      standIn: { leg: 'mprotect', latestMs: T0_MS + 5 * MINUTE_MS },
      kernelCounts: { mprotect: 6, connect: 1 },
    });
  });

  it("raises nothing when the kernel's latest mprotect is outside the window too", () => {
    const { correlator, clock } = makeCorrelator({ aggregationRefreshMs: REFRESH_MS });
    const first = m(0);
    const connect = c(10 * MINUTE_MS, peer(30_000, 2));

    const matches = deliver(correlator, clock, [first, connect]);

    expect(matches).toEqual([]);
  });

  it("raises nothing without the kernel's word, as the rule would not", () => {
    const { correlator, clock } = makeCorrelator({ aggregationRefreshMs: REFRESH_MS });

    const matches = deliver(correlator, clock, [m(0), c(10 * MINUTE_MS)]);

    expect(matches).toEqual([]);
  });
});

describe('Correlator with kernel aggregation, when the sent connection left the look-back', () => {
  it('pairs the mprotect with it and says the connection stands in', () => {
    const { correlator, clock } = makeCorrelator({ aggregationRefreshMs: REFRESH_MS });
    const connect = c(0);
    const late = m(LOOKBACK_MS + MINUTE_MS, peer(4 * MINUTE_MS, 3));

    const matches = deliver(correlator, clock, [connect, late]);

    expect(matches[0]?.standIn).toEqual({ leg: 'connect', latestMs: T0_MS + 4 * MINUTE_MS });
    expect(matches[0]?.connect).toBe(connect);
  });
});

describe('Correlator.expire with kernel aggregation', () => {
  it('keeps a key for its stand-in until the look-back plus the refresh time has passed', () => {
    const { correlator, clock } = makeCorrelator({ aggregationRefreshMs: REFRESH_MS });
    deliver(correlator, clock, [m(0)]);

    clock.at(LOOKBACK_MS + REFRESH_MS / 2);
    correlator.expire();
    const kept = correlator.stats().keys;
    clock.at(LOOKBACK_MS + 2 * REFRESH_MS);
    correlator.expire();

    expect(kept).toBe(1);
    expect(correlator.stats().keys).toBe(0);
  });

  it('drops the key at the look-back when the kernel does not aggregate', () => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [m(0)]);

    clock.at(LOOKBACK_MS + 1);
    correlator.expire();

    expect(correlator.stats().keys).toBe(0);
  });
});

describe('Correlator matches with kernel counts', () => {
  it("reports the kernel's running counts from the event that completed the pair", () => {
    const { correlator, clock } = makeCorrelator();

    const matches = deliver(correlator, clock, [m(0), c(1_000, peer(0, 40, 2))]);

    expect(matches[0]?.kernelCounts).toEqual({ mprotect: 40, connect: 2 });
  });

  it('reports none when the kernel does not aggregate', () => {
    const { correlator, clock } = makeCorrelator();

    const matches = deliver(correlator, clock, [m(0), c(1_000)]);

    expect(matches[0]).not.toHaveProperty('kernelCounts');
  });
});
