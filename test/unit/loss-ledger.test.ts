import { describe, expect, it } from 'vitest';
import { LossLedger, type LossTotals } from '../../src/sensor/loss-ledger.js';

const NONE: LossTotals = { kernel: 0, transport: 0, decoder: 0, evicted: 0 };
const LOOKBACK_MS = 9 * 60_000;

function ledgerOn() {
  const state = { totals: { ...NONE }, nowMs: 1_000_000 };
  const ledger = new LossLedger(
    () => ({ ...state.totals }),
    () => state.nowMs,
    LOOKBACK_MS,
  );
  return { ledger, state };
}

describe('LossLedger', () => {
  it('reports nothing while no total has grown', () => {
    const { ledger, state } = ledgerOn();
    state.nowMs += 10_000;
    ledger.update();

    expect(ledger.within(state.nowMs - LOOKBACK_MS)).toBeUndefined();
  });

  it('sums every source that grew inside the window', () => {
    const { ledger, state } = ledgerOn();
    state.nowMs += 10_000;
    state.totals = { kernel: 5, transport: 1, decoder: 2, evicted: 0 };
    ledger.update();
    state.nowMs += 10_000;
    state.totals = { kernel: 7, transport: 1, decoder: 2, evicted: 3 };

    const since = state.nowMs - LOOKBACK_MS;
    expect(ledger.within(since)).toEqual({
      sinceMs: since,
      kernel: 7,
      transport: 1,
      decoder: 2,
      evicted: 3,
    });
  });

  it('leaves out losses read before the window opened', () => {
    const { ledger, state } = ledgerOn();
    state.nowMs += 1_000;
    state.totals = { ...NONE, kernel: 4 };
    ledger.update();
    state.nowMs += 60_000;
    state.totals = { ...NONE, kernel: 6 };
    ledger.update();

    // The first loss was read 60 s ago; a window opening 30 s ago sees only the second.
    expect(ledger.within(state.nowMs - 30_000)?.kernel).toBe(2);
    expect(ledger.within(state.nowMs - 61_000)?.kernel).toBe(6);
  });

  it('places a loss anywhere between the two reads it fell between', () => {
    const { ledger, state } = ledgerOn();
    const firstReadMs = state.nowMs;
    state.nowMs += 20_000;
    state.totals = { ...NONE, transport: 1 };
    ledger.update();

    // The loss may have happened just after the first read, so a window opening then sees it.
    expect(ledger.within(firstReadMs)?.transport).toBe(1);
    expect(ledger.within(state.nowMs + 1)).toBeUndefined();
  });

  it('forgets entries older than the look-back', () => {
    const { ledger, state } = ledgerOn();
    state.nowMs += 1_000;
    state.totals = { ...NONE, evicted: 1 };
    ledger.update();
    state.nowMs += LOOKBACK_MS + 1;
    ledger.update();

    expect(ledger.within(0)).toBeUndefined();
  });

  it('counts a total that went back to zero and rose again as new loss', () => {
    const { ledger, state } = ledgerOn();
    state.totals = { ...NONE, kernel: 10 };
    ledger.update();
    state.totals = { ...NONE, kernel: 3 };
    ledger.update();

    expect(ledger.within(0)?.kernel).toBe(13);
  });
});
