// One leg of a key: the qualifying events of one kind that may still take part in a pair.
//
// Memory is bounded: a leg holds at most LEG_CAPACITY events, the earliest
// LEG_CAPACITY - 1 it has seen and the latest one. A process that mprotects in a loop
// therefore costs constant memory, and the latest event stands in once the earliest
// have left the look-back. Events in between are counted, not kept (see `count`).
import type { SensorEvent } from '../events/types.js';

/** Events one leg holds at most: 7 earliest plus the latest. */
export const LEG_CAPACITY = 8;

/** True when an event is close enough to now to take part in a pair. */
export type InWindow = (event: SensorEvent) => boolean;

/** A leg's contents as plain data, for saving and restoring state (snapshot.ts). */
export interface LegSnapshot<E extends SensorEvent> {
  held: E[];
  dropped: number;
  newestDropped?: E;
  standIn?: E;
}

export class Leg<E extends SensorEvent> {
  // Sorted by kernel time: the ring buffer is shared by all CPUs, so arrival order can
  // differ slightly from the order the events happened in.
  private held: E[] = [];
  private dropped = 0;
  private newestDropped: E | undefined;
  private lastPruned: E | undefined;

  /** The events held, earliest first. */
  get events(): readonly E[] {
    return this.held;
  }

  get earliest(): E | undefined {
    return this.held[0];
  }

  /**
   * Events of this leg in the look-back. Events the leg could not hold are counted
   * until the newest of them leaves the look-back, so the count can run high by those.
   */
  get count(): number {
    return this.held.length + this.dropped;
  }

  get isEmpty(): boolean {
    return this.held.length === 0;
  }

  holds(event: E): boolean {
    return this.held.some((held) => sameEvent(held, event));
  }

  /** Records an event; false when it is already held, i.e. delivered twice. */
  add(event: E): boolean {
    if (this.holds(event)) {
      return false;
    }

    // Most legs only ever hold one event: an array literal of one costs a fraction of
    // the backing store splice() allocates for growth.
    if (this.held.length === 0) {
      this.held = [event];
      return true;
    }
    const at = this.held.findIndex((held) => isBefore(event, held));
    this.held.splice(at === -1 ? this.held.length : at, 0, event);
    // Over capacity, give up the latest of the earliest part; the last slot stays latest.
    if (this.held.length > LEG_CAPACITY) {
      this.drop(LEG_CAPACITY - 1);
    }
    return true;
  }

  /** The latest event that left the look-back, kept as a stand-in (see KeyState). */
  get standIn(): E | undefined {
    return this.lastPruned;
  }

  prune(inWindow: InWindow): void {
    for (const event of this.held) {
      if (inWindow(event)) break;
      this.lastPruned = event;
    }
    // Replaced only when something left, by an exactly sized copy (see add()).
    if (!this.held.every(inWindow)) this.held = this.held.filter(inWindow).slice();
    if (this.newestDropped !== undefined && !inWindow(this.newestDropped)) {
      this.dropped = 0;
      this.newestDropped = undefined;
    }
  }

  snapshot(): LegSnapshot<E> {
    const { held, dropped, newestDropped, lastPruned } = this;
    return { held: [...held], dropped, newestDropped, standIn: lastPruned };
  }

  /** Restores a snapshot; held events are re-sorted and cut to capacity as add() would. */
  static restore<E extends SensorEvent>(snapshot: LegSnapshot<E>): Leg<E> {
    const leg = new Leg<E>();
    for (const event of snapshot.held) leg.add(event);
    leg.dropped += snapshot.dropped;
    leg.newestDropped = latest(leg.newestDropped, snapshot.newestDropped);
    leg.lastPruned = snapshot.standIn;
    return leg;
  }

  /** Forgets the stand-in once even the kernel's later events cannot be in the window. */
  forgetStandIn(keep: InWindow): void {
    if (this.lastPruned !== undefined && !keep(this.lastPruned)) this.lastPruned = undefined;
  }

  private drop(index: number): void {
    const [event] = this.held.splice(index, 1) as [E];

    this.dropped += 1;
    if (this.newestDropped === undefined || isBefore(this.newestDropped, event)) {
      this.newestDropped = event;
    }
  }
}

// A thread cannot make two syscalls in the same boot nanosecond, so kernel time plus
// thread id names an event uniquely on one host.
function sameEvent(a: SensorEvent, b: SensorEvent): boolean {
  return a.ktimeNs === b.ktimeNs && a.tid === b.tid;
}

function latest<E extends SensorEvent>(a: E | undefined, b: E | undefined): E | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return isBefore(a, b) ? b : a;
}

function isBefore(a: SensorEvent, b: SensorEvent): boolean {
  return a.ktimeNs < b.ktimeNs || (a.ktimeNs === b.ktimeNs && a.tid < b.tid);
}
