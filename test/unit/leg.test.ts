import { describe, expect, it } from 'vitest';
import { LEG_CAPACITY, Leg } from '../../src/correlate/leg.js';
import type { MprotectEvent } from '../../src/events/types.js';
import { mprotectEvent, T0_MS } from './support/events.js';

const SECOND_MS = 1000;

function at(seconds: number): MprotectEvent {
  return mprotectEvent({ timeMs: T0_MS + seconds * SECOND_MS });
}

function seconds(leg: Leg<MprotectEvent>): number[] {
  return leg.events.map((event) => (event.timeMs - T0_MS) / SECOND_MS);
}

function legOf(events: MprotectEvent[]): Leg<MprotectEvent> {
  const leg = new Leg<MprotectEvent>();
  for (const event of events) leg.add(event);
  return leg;
}

const twenty = Array.from({ length: 20 }, (_, i) => at(i));

describe('Leg given more events than it can hold', () => {
  it('holds the earliest seven and the latest, and counts all of them', () => {
    const leg = legOf(twenty);

    expect(LEG_CAPACITY).toBe(8);
    expect(seconds(leg)).toEqual([0, 1, 2, 3, 4, 5, 6, 19]);
    expect(leg.count).toBe(20);
  });

  it('holds the same events when they arrive in reverse order', () => {
    const leg = legOf([...twenty].reverse());

    expect(seconds(leg)).toEqual([0, 1, 2, 3, 4, 5, 6, 19]);
    expect(leg.earliest).toBe(twenty[0]);
  });
});

describe('Leg given two events of one kernel nanosecond', () => {
  it('orders them by thread id, so the choice does not depend on arrival', () => {
    const later = mprotectEvent({ ktimeNs: 5n, tid: 9 });
    const earlier = mprotectEvent({ ktimeNs: 5n, tid: 3 });

    const leg = legOf([later, earlier]);

    expect(leg.events).toEqual([earlier, later]);
  });
});

describe('Leg given an event it already holds', () => {
  it('refuses it and does not count it again', () => {
    const leg = legOf([at(1)]);

    const added = leg.add(at(1));

    expect(added).toBe(false);
    expect(leg.count).toBe(1);
  });
});

describe('Leg pruned after events left the look-back', () => {
  const tenEvents = Array.from({ length: 10 }, (_, i) => at(i));

  it('keeps counting events it dropped while the newest of them is still inside', () => {
    const leg = legOf(tenEvents);

    leg.prune((event) => event.timeMs >= T0_MS + 7.5 * SECOND_MS);

    expect(seconds(leg)).toEqual([9]);
    expect(leg.count).toBe(3);
  });

  it('forgets the dropped events once the newest of them has left', () => {
    const leg = legOf(tenEvents);

    leg.prune((event) => event.timeMs >= T0_MS + 8.5 * SECOND_MS);

    expect(seconds(leg)).toEqual([9]);
    expect(leg.count).toBe(1);
  });

  it('is empty once every event has left', () => {
    const leg = legOf(tenEvents);

    leg.prune(() => false);

    expect(leg.isEmpty).toBe(true);
    expect(leg.count).toBe(0);
  });
});
