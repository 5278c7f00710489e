// One side of the pair for one key. Only the earliest and the latest qualifying event
// are kept, not a list, so a process that mprotects in a loop costs constant memory.
import type { SensorEvent } from '../events/types.js';

/** True when an event is close enough to now to take part in a pair. */
export type InWindow = (event: SensorEvent) => boolean;

export class Leg<E extends SensorEvent> {
  private first: E | undefined;
  private last: E | undefined;
  private seen = 0;

  /** The earliest event still held: the one a match reports. */
  get earliest(): E | undefined {
    return this.first;
  }

  /** Events recorded since `earliest`, itself included. */
  get count(): number {
    return this.seen;
  }

  get isEmpty(): boolean {
    return this.first === undefined;
  }

  // Ordered by ktimeNs: the ring buffer is shared by all CPUs, so arrival order can
  // differ slightly from the order the events happened in.
  add(event: E): void {
    if (this.first === undefined || event.ktimeNs < this.first.ktimeNs) {
      this.first = event;
    }
    if (this.last === undefined || event.ktimeNs > this.last.ktimeNs) {
      this.last = event;
    }

    this.seen += 1;
  }

  // When the earliest leaves the look-back, the latest stands in for it. The events in
  // between were never kept, so the count restarts at one and under-counts from there.
  prune(inWindow: InWindow): void {
    const first = this.first && inWindow(this.first) ? this.first : undefined;
    const last = this.last && inWindow(this.last) ? this.last : undefined;
    if (first === this.first && last === this.last) {
      return;
    }

    this.first = first ?? last;
    this.last = last ?? first;
    this.seen = this.first === undefined ? 0 : 1;
  }
}
