import { Histogram, type Registry } from 'prom-client';
import type { Match } from '../correlate/types.js';

/** From 1 ms (one wake-up) to the 10 s a stalled JS thread would show. */
export const LATENCY_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * End-to-end alert latency: from the kernel's time of the event that completed the
 * pair (the later of the two) to the alert being handed to the sink.
 */
export class AlertLatency {
  private readonly histogram: Histogram;

  constructor(
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    this.histogram = new Histogram({
      name: 'rwxwatch_alert_latency_seconds',
      help: 'Kernel time of the pair-completing event to the alert being written',
      buckets: LATENCY_BUCKETS_S,
      registers: [registry],
    });
  }

  observe(match: Pick<Match, 'mprotect' | 'connect'>): void {
    const completedMs = Math.max(match.mprotect.timeMs, match.connect.timeMs);

    // Wall clocks can step back between the event and now; a latency is never negative.
    this.histogram.observe(Math.max(0, this.now() - completedMs) / 1000);
  }
}
