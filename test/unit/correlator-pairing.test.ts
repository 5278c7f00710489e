import { describe, expect, it } from 'vitest';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import { deliver, makeCorrelator } from './support/correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

const SECOND_MS = 1000;

function m(atMs: number): MprotectEvent {
  return mprotectEvent({ timeMs: T0_MS + atMs });
}

function c(atMs: number): ConnectEvent {
  return connectEvent({ timeMs: T0_MS + atMs });
}

describe('Correlator with a short interval and a long-lived process', () => {
  it('reports a different pair in each alert, earliest mprotect first', () => {
    const { correlator, clock } = makeCorrelator({ intervalMs: 1 });
    const connect = c(0);
    const mprotects = [m(SECOND_MS), m(2 * SECOND_MS), m(3 * SECOND_MS)];

    const matches = deliver(correlator, clock, [connect, ...mprotects]);

    expect(matches.map((match) => match.mprotect)).toEqual(mprotects);
    expect(matches.every((match) => match.connect === connect)).toBe(true);
  });
});

describe('Correlator when every pair it holds has alerted', () => {
  it('counts an event its full leg cannot hold as a duplicate and raises nothing', () => {
    const { correlator, clock } = makeCorrelator({ intervalMs: 1 });
    const held = Array.from({ length: 8 }, (_, i) => m((i + 1) * SECOND_MS));
    deliver(correlator, clock, [c(0), ...held]);
    clock.at(9 * SECOND_MS);

    const matches = correlator.push(m(7.5 * SECOND_MS));

    expect(matches).toEqual([]);
    expect(correlator.stats()).toMatchObject({ alerts: 8, duplicates: 1 });
  });
});
