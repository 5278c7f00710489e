import { describe, expect, it } from 'vitest';
import type { Match } from '../../src/correlate/types.js';
import { replayAlertId } from '../../src/replay/alert-id.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

function matchOf(overrides: Partial<Match> = {}): Match {
  return {
    key: { hostId: 'host-1', pid: 4242, name: 'payload' },
    mprotect: mprotectEvent(),
    connect: connectEvent({ timeMs: T0_MS + 5 }),
    mprotectCount: 1,
    connectCount: 1,
    foldedMatches: 0,
    ...overrides,
  };
}

describe('replayAlertId', () => {
  it('is a version 5, RFC 9562 variant UUID', () => {
    const id = replayAlertId(matchOf());

    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the same for the same pair, whatever the counts', () => {
    const first = replayAlertId(matchOf());

    const again = replayAlertId(matchOf({ mprotectCount: 9, foldedMatches: 3 }));

    expect(again).toBe(first);
  });

  it.each([
    ['host', { key: { hostId: 'host-2', pid: 4242, name: 'payload' } }],
    ['pid', { key: { hostId: 'host-1', pid: 4243, name: 'payload' } }],
    ['mprotect time', { mprotect: mprotectEvent({ timeMs: T0_MS + 1 }) }],
    ['connect kernel time', { connect: connectEvent({ timeMs: T0_MS + 5, ktimeNs: 1n }) }],
    ['connect thread', { connect: connectEvent({ timeMs: T0_MS + 5, tid: 1 }) }],
  ])('changes with the %s', (_what, overrides) => {
    const base = replayAlertId(matchOf());

    const changed = replayAlertId(matchOf(overrides));

    expect(changed).not.toBe(base);
  });
});
