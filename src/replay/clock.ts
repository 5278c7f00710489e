/**
 * Replay's clock: the time of the latest event read. The correlator judges look-back
 * and intervals against it as it would against the wall clock live, so a replay gives
 * the same alerts whenever and wherever it runs. It never moves backwards.
 */
export class EventClock {
  private latestMs = Number.NEGATIVE_INFINITY;

  readonly now = (): number => this.latestMs;

  advance(timeMs: number): void {
    this.latestMs = Math.max(this.latestMs, timeMs);
  }
}
