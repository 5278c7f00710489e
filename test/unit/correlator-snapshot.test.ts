// Saving and restoring correlation state: a restarted correlator carries on as if it
// had never stopped, and a document that does not belong to it is refused whole.
import { describe, expect, it } from 'vitest';
import type { Correlator } from '../../src/correlate/correlator.js';
import {
  type CorrelatorSnapshot,
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_VERSION,
  SnapshotRejected,
} from '../../src/correlate/snapshot.js';
import { INTERVAL_MS, LOOKBACK_MS } from '../../src/rules/rwx-network.js';
import { deliver, HOST_ID, makeCorrelator } from './support/correlator.js';
import { connectEvent, kernelContext, mprotectEvent, T0_MS } from './support/events.js';

const SCOPE = { hostId: HOST_ID, bootId: 'boot-1', profile: 'parity' as const };

function saved(correlator: Correlator, savedAtMs = T0_MS): string {
  return encodeSnapshot({
    version: SNAPSHOT_VERSION,
    ...SCOPE,
    savedAtMs,
    state: correlator.snapshot(),
  });
}

/** A new correlator, its clock at `atMs` after T0, holding what `text` saved. */
function restarted(text: string, atMs: number, maxKeys?: number) {
  const next = makeCorrelator(maxKeys === undefined ? {} : { maxKeys });
  next.clock.at(atMs);
  const kept = next.correlator.restore(decodeSnapshot(text, SCOPE).state);
  return { ...next, kept };
}

describe('Correlator state across a restart', () => {
  it('completes a pair whose mprotect came before the restart', () => {
    const first = makeCorrelator();
    const mprotect = mprotectEvent({
      timeMs: T0_MS,
      context: kernelContext({ exeIno: 2n ** 63n }),
      aggregate: { legCount: 3, peerLastMs: undefined, peerCount: 0 },
    });
    deliver(first.correlator, first.clock, [mprotect]);

    const { correlator, clock, kept } = restarted(saved(first.correlator), 60_000);
    const [match] = deliver(correlator, clock, [connectEvent({ timeMs: T0_MS + 60_000 })]);

    expect(kept).toBe(1);
    expect(match?.mprotect).toEqual(mprotect);
    expect(match?.key.pid).toBe(4242);
  });

  it('does not alert again on a pair that alerted before the restart', () => {
    const first = makeCorrelator();
    const alerted = deliver(first.correlator, first.clock, [
      mprotectEvent({ timeMs: T0_MS }),
      connectEvent({ timeMs: T0_MS + 1 }),
    ]);

    const { correlator, clock } = restarted(saved(first.correlator), INTERVAL_MS + 10);
    const later = deliver(correlator, clock, [
      // The same connect delivered again after the restart is a duplicate.
      connectEvent({ timeMs: T0_MS + 1 }),
    ]);

    expect(alerted).toHaveLength(1);
    expect(later).toEqual([]);
    expect(correlator.stats().duplicates).toBe(1);
  });

  it('keeps the per-key interval and the folded matches it holds', () => {
    const first = makeCorrelator();
    deliver(first.correlator, first.clock, [
      mprotectEvent({ timeMs: T0_MS }),
      connectEvent({ timeMs: T0_MS + 1 }),
      connectEvent({ timeMs: T0_MS + 2, ktimeNs: 5n }),
    ]);

    const { correlator, clock } = restarted(saved(first.correlator), 1_000);
    const inside = deliver(correlator, clock, [connectEvent({ timeMs: T0_MS + 1_000 })]);
    const after = deliver(correlator, clock, [
      connectEvent({ timeMs: T0_MS + INTERVAL_MS + 1_000 }),
    ]);

    expect(inside).toEqual([]);
    expect(after).toHaveLength(1);
    expect(after[0]?.foldedMatches).toBe(2);
  });

  it('keeps the global alert budget spent before the restart', () => {
    const first = makeCorrelator({ maxAlertsPerInterval: 1 });
    deliver(first.correlator, first.clock, [
      mprotectEvent({ pid: 1, timeMs: T0_MS }),
      connectEvent({ pid: 1, timeMs: T0_MS + 1 }),
    ]);

    const next = makeCorrelator({ maxAlertsPerInterval: 1 });
    next.clock.at(10);
    next.correlator.restore(decodeSnapshot(saved(first.correlator), SCOPE).state);
    const refused = deliver(next.correlator, next.clock, [
      mprotectEvent({ pid: 2, timeMs: T0_MS + 10 }),
      connectEvent({ pid: 2, timeMs: T0_MS + 11 }),
    ]);

    expect(refused).toEqual([]);
    expect(next.correlator.stats().overCap).toBe(1);
  });

  it('drops what left the look-back while the sensor was down', () => {
    const first = makeCorrelator();
    deliver(first.correlator, first.clock, [mprotectEvent({ timeMs: T0_MS })]);

    const { correlator, clock, kept } = restarted(saved(first.correlator), LOOKBACK_MS + 1);
    const none = deliver(correlator, clock, [connectEvent({ timeMs: T0_MS + LOOKBACK_MS + 1 })]);

    expect(kept).toBe(0);
    expect(none).toEqual([]);
  });

  it('keeps the most recently active keys when the bound is now smaller', () => {
    const first = makeCorrelator();
    deliver(
      first.correlator,
      first.clock,
      [1, 2, 3].map((pid) => mprotectEvent({ pid, timeMs: T0_MS + pid })),
    );

    const { correlator, clock, kept } = restarted(saved(first.correlator), 10, 2);
    const matches = deliver(
      correlator,
      clock,
      [3, 2, 1].map((pid) => connectEvent({ pid, timeMs: T0_MS + 10 + pid })),
    );

    // pid 1 was the least recently active when saved, so it did not come back.
    expect(kept).toBe(2);
    expect(matches.map((match) => match.key.pid)).toEqual([3, 2]);
  });
});

describe('decodeSnapshot refusing a document', () => {
  const valid = (): CorrelatorSnapshot => {
    const { correlator, clock } = makeCorrelator();
    deliver(correlator, clock, [mprotectEvent({ timeMs: T0_MS })]);
    return JSON.parse(saved(correlator));
  };

  it.each([
    ['hostId', 'host-2'],
    ['bootId', 'boot-2'],
    ['profile', 'hardened'],
  ])('saved with another %s', (field, value) => {
    const text = JSON.stringify({ ...valid(), [field]: value });
    expect(() => decodeSnapshot(text, SCOPE)).toThrow(`saved for another ${field} (${value})`);
  });

  it('that is not JSON', () => {
    expect(() => decodeSnapshot('{"version":', SCOPE)).toThrow(/^not JSON: /);
  });

  it('of another version', () => {
    const text = JSON.stringify({ ...valid(), version: 2 });
    expect(() => decodeSnapshot(text, SCOPE)).toThrow(SnapshotRejected);
  });

  it('naming the first field that is wrong', () => {
    const document = valid();
    const held = document.state.keys[0]?.mprotect.held[0] as unknown as Record<string, unknown>;
    held.ktimeNs = '-5';

    expect(() => decodeSnapshot(JSON.stringify(document), SCOPE)).toThrow(
      /^state\.keys\.0\.mprotect\.held\.0\.ktimeNs: must be a decimal integer$/,
    );
  });

  it('with a u64 that does not fit in 64 bits', () => {
    const document = valid();
    const held = document.state.keys[0]?.mprotect.held[0] as unknown as Record<string, unknown>;
    held.addr = (2n ** 64n).toString();

    expect(() => decodeSnapshot(JSON.stringify(document), SCOPE)).toThrow(/addr: must fit/);
  });
});
