import type { TransportStats } from '../native/binding.js';

/** Poll intervals the heartbeat may stand still before the poller counts as stalled. */
export const STALL_POLL_INTERVALS = 50;
/** Floor, so that with a 1 ms poll one long garbage collection is not a stall. */
export const STALL_MIN_MS = 2_000;

export function stallLimitMs(pollIntervalMs: number): number {
  return Math.max(pollIntervalMs * STALL_POLL_INTERVALS, STALL_MIN_MS);
}

/**
 * Tracks the poller thread's heartbeat (`transport().polls`) between readings. The
 * thread bumps it after every poll, wake-up or not, so a count that stands still for
 * many poll intervals means the thread is stuck, whatever the kernel sends.
 */
export class PollerWatch {
  private lastPolls = -1n;
  private changedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.changedAt = now();
  }

  /** How long, ms, the heartbeat has stood still as of this reading. */
  stillForMs(transport: Pick<TransportStats, 'polls'>): number {
    const now = this.now();

    if (transport.polls !== this.lastPolls) {
      this.lastPolls = transport.polls;
      this.changedAt = now;
    }
    return now - this.changedAt;
  }
}
