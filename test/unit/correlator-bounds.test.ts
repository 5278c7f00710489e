// The key bound: a correlator never holds more than maxKeys processes, evicts the least
// recently active one, and counts every eviction.
import { describe, expect, it } from 'vitest';
import { InvalidCorrelatorOptionError } from '../../src/correlate/options.js';
import { deliver, makeCorrelator } from './support/correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

describe('Correlator key bound', () => {
  it('holds at most maxKeys keys and counts each eviction', () => {
    const { correlator, clock } = makeCorrelator({ maxKeys: 3 });
    const events = [1, 2, 3, 4, 5].map((pid) => mprotectEvent({ pid, timeMs: T0_MS + pid }));

    deliver(correlator, clock, events);

    expect(correlator.stats()).toMatchObject({ keys: 3, evicted: 2 });
  });

  it('evicts the least recently active key, not the oldest one', () => {
    const { correlator, clock } = makeCorrelator({ maxKeys: 2 });
    deliver(correlator, clock, [
      mprotectEvent({ pid: 1, timeMs: T0_MS }),
      mprotectEvent({ pid: 2, timeMs: T0_MS + 1 }),
      // pid 1 is active again, so pid 2 is now the least recently active.
      mprotectEvent({ pid: 1, timeMs: T0_MS + 2 }),
      mprotectEvent({ pid: 3, timeMs: T0_MS + 3 }),
    ]);

    const late = deliver(correlator, clock, [
      connectEvent({ pid: 1, timeMs: T0_MS + 4 }),
      connectEvent({ pid: 2, timeMs: T0_MS + 5 }),
    ]);

    expect(late.map((match) => match.key.pid)).toEqual([1]);
    expect(correlator.stats().evicted).toBe(2);
  });

  it('counts the folded matches an evicted key still owed as unreported', () => {
    const { correlator, clock } = makeCorrelator({ maxKeys: 1 });
    deliver(correlator, clock, [
      mprotectEvent({ pid: 1, timeMs: T0_MS }),
      connectEvent({ pid: 1, timeMs: T0_MS + 1 }),
      // Inside the per-key interval: folded into the next alert, which never comes.
      connectEvent({ pid: 1, timeMs: T0_MS + 2, ktimeNs: 2n }),
      mprotectEvent({ pid: 2, timeMs: T0_MS + 3 }),
    ]);

    expect(correlator.stats()).toMatchObject({ alerts: 1, suppressed: 1, unreportedFolds: 1 });
  });

  it('refuses a bound below one key', () => {
    expect(() => makeCorrelator({ maxKeys: 0 })).toThrow(InvalidCorrelatorOptionError);
  });
});
