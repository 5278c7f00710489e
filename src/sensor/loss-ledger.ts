// When events were lost, so that an alert can say so. Every loss the sensor counts is
// a running total somewhere: the kernel's per-hook counters, the poller's transport,
// the decoder's skipped records, the correlator's evictions. The ledger reads those
// totals now and then (each stats tick and before each alert) and keeps every increase
// as an entry spanning the two reads it fell between. An alert then sums the entries
// that overlap its look-back: a loss there may have hidden an event of its pair, made
// its counts low, or hidden another process's alert.
//
// Loss is only ever placed between two reads, never at an exact time, so an entry can
// overlap a window the loss itself did not: the ledger may say "possibly" too often,
// never too rarely.

/** Running totals of events lost, by where they were lost. */
export interface LossTotals {
  /** Records the kernel could not write or fill (ring buffer full, state or read failed). */
  kernel: number;
  /** Records read from the ring buffer but never handed to JS. */
  transport: number;
  /** Records the decoder skipped as truncated, unknown or malformed. */
  decoder: number;
  /** Processes whose correlation state was evicted at its bound. */
  evicted: number;
}

/** What an alert reports: losses in the span from `sinceMs` to now. */
export interface LossInWindow extends LossTotals {
  sinceMs: number;
}

interface Entry {
  /** The loss happened after fromMs and no later than toMs. */
  fromMs: number;
  toMs: number;
  lost: LossTotals;
}

const SOURCES = ['kernel', 'transport', 'decoder', 'evicted'] as const;

export class LossLedger {
  private entries: Entry[] = [];
  private last: LossTotals;
  private lastReadMs: number;

  /**
   * `read` returns the current totals; `keepMs` is how far back a window can reach (the
   * look-back), after which entries are dropped, so the ledger's size is bounded by
   * how many reads fall within it.
   */
  constructor(
    private readonly read: () => LossTotals,
    private readonly now: () => number,
    private readonly keepMs: number,
  ) {
    this.last = read();
    this.lastReadMs = now();
  }

  /** Reads the totals and records what was lost since the previous read. */
  update(): void {
    const totals = this.read();
    const nowMs = this.now();
    const lost = difference(totals, this.last);

    if (SOURCES.some((source) => lost[source] > 0)) {
      this.entries.push({ fromMs: this.lastReadMs, toMs: nowMs, lost });
    }
    this.last = totals;
    this.lastReadMs = nowMs;
    this.entries = this.entries.filter((entry) => nowMs - entry.toMs <= this.keepMs);
  }

  /** Losses that may have happened from `sinceMs` to now; undefined when none did. */
  within(sinceMs: number): LossInWindow | undefined {
    this.update();
    const sum = noLoss();
    let any = false;

    for (const entry of this.entries) {
      if (entry.toMs < sinceMs) continue;
      any = true;
      for (const source of SOURCES) sum[source] += entry.lost[source];
    }
    return any ? { sinceMs, ...sum } : undefined;
  }
}

function noLoss(): LossTotals {
  return { kernel: 0, transport: 0, decoder: 0, evicted: 0 };
}

function difference(now: LossTotals, before: LossTotals): LossTotals {
  const lost = noLoss();
  // A total never decreases; if a source restarted from zero, its new count is all new.
  for (const source of SOURCES) {
    lost[source] = now[source] >= before[source] ? now[source] - before[source] : now[source];
  }
  return lost;
}
