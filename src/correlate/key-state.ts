// What the correlator holds for one (host, pid, name) key: the two legs, when the key
// last alerted, and the pairs it already alerted on.
import type { ConnectEvent, MprotectEvent, SensorEvent } from '../events/types.js';
import { type InWindow, Leg } from './leg.js';
import type { MatchKey } from './types.js';

export interface Pair {
  mprotect: MprotectEvent;
  connect: ConnectEvent;
}

export class KeyState {
  readonly mprotect = new Leg<MprotectEvent>();
  readonly connect = new Leg<ConnectEvent>();
  lastAlertMs: number | undefined;
  /** Matches held back since the last alert, reported with the next one. */
  pendingFolds = 0;
  // Pruned with the legs: a pair with an event outside the look-back cannot form again.
  private readonly alerted = new Map<string, Pair>();

  constructor(readonly key: MatchKey) {}

  get legsEmpty(): boolean {
    return this.mprotect.isEmpty && this.connect.isEmpty;
  }

  /** The pair this event would complete: itself with the other leg's earliest. */
  pairWith(event: SensorEvent): Pair | undefined {
    if (event.kind === 'mprotect') {
      const connect = this.connect.earliest;
      return connect && { mprotect: event, connect };
    }

    const mprotect = this.mprotect.earliest;
    return mprotect && { mprotect, connect: event };
  }

  record(event: SensorEvent): void {
    if (event.kind === 'mprotect') {
      this.mprotect.add(event);
    } else {
      this.connect.add(event);
    }
  }

  hasAlerted(pair: Pair): boolean {
    return this.alerted.has(pairId(pair));
  }

  markAlerted(pair: Pair, nowMs: number): void {
    this.alerted.set(pairId(pair), pair);
    this.lastAlertMs = nowMs;
    this.pendingFolds = 0;
  }

  prune(inWindow: InWindow): void {
    this.mprotect.prune(inWindow);
    this.connect.prune(inWindow);

    for (const [id, pair] of this.alerted) {
      if (!inWindow(pair.mprotect) || !inWindow(pair.connect)) {
        this.alerted.delete(id);
      }
    }
  }
}

// A thread cannot make two syscalls in the same boot nanosecond, so kernel time plus
// thread id names an event uniquely on one host.
function pairId({ mprotect, connect }: Pair): string {
  return `${mprotect.ktimeNs}/${mprotect.tid}|${connect.ktimeNs}/${connect.tid}`;
}
