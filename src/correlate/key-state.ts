// What the correlator holds for one key (one process, as the profile identifies it): the
// two legs, when the key last alerted, and which pairs of held events already alerted.
import type { ConnectEvent, KernelContext, MprotectEvent, SensorEvent } from '../events/types.js';
import { type InWindow, Leg, type LegSnapshot } from './leg.js';
import type { MatchKey, StandIn } from './types.js';

export interface Pair {
  mprotect: MprotectEvent;
  connect: ConnectEvent;
  standIn?: StandIn;
}

/** A key's state as plain data (snapshot.ts); alerted pairs as indexes into the legs. */
export interface KeyStateSnapshot {
  key: MatchKey;
  mprotect: LegSnapshot<MprotectEvent>;
  connect: LegSnapshot<ConnectEvent>;
  lastAlertMs?: number;
  pendingFolds: number;
  alerted: [mprotect: number, connect: number][];
}

export class KeyState {
  mprotect = new Leg<MprotectEvent>();
  connect = new Leg<ConnectEvent>();
  lastAlertMs: number | undefined;
  /** Matches held back since the last alert, reported with the next one. */
  pendingFolds = 0;
  // Only pairs of events both legs still hold are kept: a pair with an event gone from
  // its leg can never be chosen again. So this holds at most LEG_CAPACITY² entries. An
  // array, not a Map: most keys alert once, and an empty Map alone costs more memory
  // than the handful of entries a key ever holds.
  private alerted: Pair[] = [];

  constructor(readonly key: MatchKey) {}

  get legsEmpty(): boolean {
    return this.mprotect.isEmpty && this.connect.isEmpty;
  }

  /** Records the event in its own leg; false when the leg already holds it. */
  record(event: SensorEvent): boolean {
    this.shareContext(event);
    const added = event.kind === 'mprotect' ? this.mprotect.add(event) : this.connect.add(event);

    this.forgetUnheldPairs();
    return added;
  }

  /** True when the other leg holds an event the given one pairs with. */
  completesPair(event: SensorEvent): boolean {
    return event.kind === 'mprotect' ? !this.connect.isEmpty : !this.mprotect.isEmpty;
  }

  /**
   * The pair to report: the earliest held mprotect that has a held connection it has not
   * alerted with, and the earliest such connection. The same held events always give the
   * same pair, whatever order they arrived in.
   */
  nextPair(): Pair | undefined {
    for (const mprotect of this.mprotect.events) {
      const connect = this.connect.events.find((c) => !this.hasAlerted(mprotect, c));
      if (connect !== undefined) {
        return { mprotect, connect };
      }
    }
    return undefined;
  }

  /**
   * With kernel aggregation, the pair an event completes when the other leg holds
   * nothing in the look-back, yet the kernel says that leg's latest event is in it: the
   * leg's last event, now out of the window, stands in for the one the kernel kept.
   */
  standInPair(event: SensorEvent, inWindowMs: (ms: number) => boolean): Pair | undefined {
    const latestMs = event.aggregate?.peerLastMs;
    if (latestMs === undefined || !inWindowMs(latestMs)) return undefined;

    if (event.kind === 'connect') {
      const mprotect = this.mprotect.isEmpty ? this.mprotect.standIn : undefined;
      return mprotect && { mprotect, connect: event, standIn: { leg: 'mprotect', latestMs } };
    }
    const connect = this.connect.isEmpty ? this.connect.standIn : undefined;
    return connect && { mprotect: event, connect, standIn: { leg: 'connect', latestMs } };
  }

  /** Whether a stand-in could still serve: its leg's kernel events may be in the window. */
  keepsStandIn(keep: InWindow): boolean {
    this.mprotect.forgetStandIn(keep);
    this.connect.forgetStandIn(keep);
    return this.mprotect.standIn !== undefined || this.connect.standIn !== undefined;
  }

  markAlerted(pair: Pair, nowMs: number): void {
    this.alerted.push(pair);
    this.lastAlertMs = nowMs;
    this.pendingFolds = 0;
  }

  prune(inWindow: InWindow): void {
    this.mprotect.prune(inWindow);
    this.connect.prune(inWindow);
    this.forgetUnheldPairs();
  }

  snapshot(): KeyStateSnapshot {
    const mprotect = this.mprotect.snapshot();
    const connect = this.connect.snapshot();
    const alerted = this.alerted.map((pair): [number, number] => [
      mprotect.held.indexOf(pair.mprotect),
      connect.held.indexOf(pair.connect),
    ]);

    const { key, lastAlertMs, pendingFolds } = this;
    return { key: { ...key }, mprotect, connect, lastAlertMs, pendingFolds, alerted };
  }

  static restore(snapshot: KeyStateSnapshot): KeyState {
    const state = new KeyState({ ...snapshot.key });
    state.mprotect = Leg.restore(snapshot.mprotect);
    state.connect = Leg.restore(snapshot.connect);
    state.lastAlertMs = snapshot.lastAlertMs;
    state.pendingFolds = snapshot.pendingFolds;
    // Pairs whose events the restored legs no longer hold are dropped by forgetUnheldPairs.
    for (const [m, c] of snapshot.alerted) {
      const mprotect = snapshot.mprotect.held[m];
      const connect = snapshot.connect.held[c];
      if (mprotect !== undefined && connect !== undefined)
        state.alerted.push({ mprotect, connect });
    }
    state.forgetUnheldPairs();
    return state;
  }

  // Events of one process mostly carry the same kernel context; a held event then
  // points at the copy an earlier one holds, which saves a fifth of a key's memory.
  private shareContext(event: SensorEvent): void {
    const held = this.mprotect.earliest?.context ?? this.connect.earliest?.context;
    if (held !== undefined && event.context !== undefined && sameContext(held, event.context)) {
      event.context = held;
    }
  }

  private hasAlerted(mprotect: MprotectEvent, connect: ConnectEvent): boolean {
    return this.alerted.some((pair) => pair.mprotect === mprotect && pair.connect === connect);
  }

  private forgetUnheldPairs(): void {
    if (this.alerted.length === 0) return;
    this.alerted = this.alerted.filter(
      (pair) => this.mprotect.holds(pair.mprotect) && this.connect.holds(pair.connect),
    );
  }
}

function sameContext(a: KernelContext, b: KernelContext): boolean {
  return (Object.keys(a) as (keyof KernelContext)[]).every((field) => a[field] === b[field]);
}
