// The global cap: at most `max` alerts per fixed window of `intervalMs`, the first
// window starting at the first alert. A burst across many processes then costs a
// bounded number of alerts, and the correlator counts the rest.
export class AlertBudget {
  private windowStartMs: number | undefined;
  private used = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly max: number,
  ) {}

  snapshot(): { windowStartMs?: number; used: number } {
    return { windowStartMs: this.windowStartMs, used: this.used };
  }

  restore(snapshot: { windowStartMs?: number; used: number }): void {
    this.windowStartMs = snapshot.windowStartMs;
    this.used = snapshot.used;
  }

  /** Takes one alert from the current window; false when the window is spent. */
  tryTake(nowMs: number): boolean {
    this.roll(nowMs);
    if (this.used >= this.max) {
      return false;
    }

    this.windowStartMs ??= nowMs;
    this.used += 1;
    return true;
  }

  // A clock stepped backwards stays in the current window rather than reopening one.
  private roll(nowMs: number): void {
    if (this.windowStartMs === undefined || nowMs < this.windowStartMs + this.intervalMs) {
      return;
    }

    const windows = Math.floor((nowMs - this.windowStartMs) / this.intervalMs);
    this.windowStartMs += windows * this.intervalMs;
    this.used = 0;
  }
}
