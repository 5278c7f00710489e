// Joins the two legs of the rule in memory, as EQL `sample` does over stored events.
//
// Semantics (the profile, rules/profiles.ts, picks the variant of each condition):
// - Key: hostId + pid + process name at the time of each event, compared exactly, so a
//   renamed process forms two keys (parity); or hostId + pid + process start time, so
//   pid reuse never joins two processes and a rename does not split one (hardened).
// - Which events fill a leg is qualify.ts. An event fills the leg of its own kind only,
//   so one event never forms a pair alone. Order does not matter.
// - Both events must be within `lookbackMs` of now(), judged on their `timeMs`. The
//   distance is absolute so a clock stepped backwards neither freezes nor leaks state.
// - A match is the arrival of a new qualifying event while the other leg holds one.
//   Per key, at most one alert per `intervalMs`: a match outside the interval alerts,
//   later matches inside it are counted as `suppressed` and reported as `foldedMatches`
//   in the key's next alert.
// - The pair an alert reports does not depend on arrival order: the earliest held
//   mprotect that has a held connection it has not alerted with, and the earliest such
//   connection. So a pair never alerts twice, and a match held back by the interval is
//   the one the next alert reports.
// - Bounds per key: each leg holds at most LEG_CAPACITY events, its earliest
//   LEG_CAPACITY - 1 and its latest (leg.ts); the pair chosen is the earliest among the
//   held events. Alerted pairs are remembered while both their events are held, so at
//   most LEG_CAPACITY² of them.
// - Globally, at most `maxAlertsPerInterval` alerts per fixed window aligned to the first
//   alert; the rest are counted in `overCap` and folded like suppressed matches.
// - With kernel aggregation (bpf/aggregate.bpf.h) the kernel sends a leg's event at
//   most once per refresh time and counts the rest; each record carries the other leg's
//   latest time. When an event arrives, its other leg holds nothing in the look-back,
//   but the kernel's latest event of that leg is in it, the leg's last event (now out of
//   the window) stands in for it and the match says so (`standIn`). Keys keep that last
//   event for the look-back plus the refresh time.
// - expire() drops keys whose legs are empty after pruning and whose interval has
//   passed. Limitation: folded matches of such a key are never reported; they are
//   counted in `unreportedFolds`.
// - The number of keys is bounded by `maxKeys`: keys are kept in order of their latest
//   event, and a new key beyond the bound evicts the least recently active one. An
//   evicted key's held events can no longer pair, so a pair split across the eviction
//   is missed; every eviction is counted in `evicted` and the pipeline warns of it.
import type { SensorEvent } from '../events/types.js';
import { PROFILES, type Profile } from '../rules/profiles.js';
import { AlertBudget } from './alert-budget.js';
import { KeyState, type KeyStateSnapshot, type Pair } from './key-state.js';
import type { InWindow } from './leg.js';
import { validateOptions } from './options.js';
import { type QualifyOptions, qualifies } from './qualify.js';
import type { CorrelatorOptions, CorrelatorStats, Match } from './types.js';

type Counters = Omit<CorrelatorStats, 'keys'>;

/** A correlator's state as plain data: its alert budget and every key with its id. */
export interface CorrelatorSnapshotState {
  budget: { windowStartMs?: number; used: number };
  keys: (KeyStateSnapshot & { id: string })[];
}

export class Correlator {
  private readonly keys = new Map<string, KeyState>();
  private readonly budget: AlertBudget;
  private readonly profile: Profile;
  private readonly qualifyOptions: QualifyOptions;
  private readonly counters: Counters = {
    alerts: 0,
    suppressed: 0,
    overCap: 0,
    unreportedFolds: 0,
    duplicates: 0,
    evicted: 0,
    stale: 0,
    ignored: 0,
  };

  constructor(private readonly options: CorrelatorOptions) {
    validateOptions(options);
    this.budget = new AlertBudget(options.intervalMs, options.maxAlertsPerInterval);
    this.profile = options.profile ?? PROFILES.parity;
    this.qualifyOptions = {
      profile: this.profile,
      excludedNames: options.excludedNames,
      excludedExecutables: options.excludedExecutables ?? new Set(),
      destinations: options.destinations,
    };
  }

  push(event: SensorEvent): Match[] {
    const nowMs = this.options.now();
    const inWindow = this.windowAt(nowMs);
    if (!qualifies(event, this.qualifyOptions)) {
      this.counters.ignored += 1;
      return [];
    }
    if (!inWindow(event)) {
      this.counters.stale += 1;
      return [];
    }

    const state = this.stateFor(event);
    state.prune(inWindow);
    if (!state.record(event)) {
      this.counters.duplicates += 1;
      return [];
    }

    if (state.completesPair(event)) return this.decide(state, nowMs, state.nextPair(), event);

    const standIn = state.standInPair(
      event,
      (ms) => Math.abs(nowMs - ms) <= this.options.lookbackMs,
    );
    return standIn === undefined ? [] : this.decide(state, nowMs, standIn, event);
  }

  expire(): void {
    const nowMs = this.options.now();
    const inWindow = this.windowAt(nowMs);

    const keep = this.windowAt(nowMs, this.options.aggregationRefreshMs ?? 0);

    for (const [id, state] of this.keys) {
      state.prune(inWindow);
      if (state.legsEmpty && !this.inInterval(state, nowMs) && !state.keepsStandIn(keep)) {
        this.counters.unreportedFolds += state.pendingFolds;
        this.keys.delete(id);
      }
    }
  }

  /** Everything a later correlator needs to carry on (snapshot.ts), keys in LRU order. */
  snapshot(): CorrelatorSnapshotState {
    const keys = [...this.keys].map(([id, state]) => ({ id, ...state.snapshot() }));
    return { budget: this.budget.snapshot(), keys };
  }

  /**
   * Takes over a saved state, replacing what this correlator holds; call before the
   * first push. Events that left the look-back are pruned and the bound applies, so a
   * stale or oversized snapshot costs nothing. Returns the number of keys kept.
   */
  restore(snapshot: CorrelatorSnapshotState): number {
    const nowMs = this.options.now();
    this.keys.clear();
    this.budget.restore(snapshot.budget);
    for (const { id, ...saved } of snapshot.keys) {
      const state = KeyState.restore(saved);
      state.prune(this.windowAt(nowMs));
      this.evictFor(1);
      this.keys.set(id, state);
    }
    this.expire();
    return this.keys.size;
  }

  stats(): CorrelatorStats {
    return { keys: this.keys.size, ...this.counters };
  }

  private decide(state: KeyState, nowMs: number, pair: Pair | undefined, latest?: SensorEvent) {
    if (this.inInterval(state, nowMs)) {
      this.counters.suppressed += 1;
      state.pendingFolds += 1;
      return [];
    }

    if (pair === undefined) {
      this.counters.duplicates += 1;
      return [];
    }
    if (!this.budget.tryTake(nowMs)) {
      this.counters.overCap += 1;
      state.pendingFolds += 1;
      return [];
    }

    const match = toMatch(state, pair, latest);
    state.markAlerted(pair, nowMs);
    this.counters.alerts += 1;
    return [match];
  }

  // Map order is insertion order: re-inserting a key on each of its events keeps the
  // least recently active key first, where eviction finds it.
  private stateFor(event: SensorEvent): KeyState {
    const id = keyId(event, this.profile);
    let state = this.keys.get(id);
    if (state === undefined) {
      state = new KeyState({ hostId: this.options.hostId, pid: event.pid, name: event.name });
      this.evictFor(1);
    } else {
      this.keys.delete(id);
    }
    this.keys.set(id, state);

    return state;
  }

  private evictFor(adding: number): void {
    const max = this.options.maxKeys ?? Number.POSITIVE_INFINITY;
    for (const [id, state] of this.keys) {
      if (this.keys.size + adding <= max) return;
      this.counters.unreportedFolds += state.pendingFolds;
      this.counters.evicted += 1;
      this.keys.delete(id);
    }
  }

  private inInterval(state: KeyState, nowMs: number): boolean {
    const last = state.lastAlertMs;
    return last !== undefined && Math.abs(nowMs - last) < this.options.intervalMs;
  }

  private windowAt(nowMs: number, slackMs = 0): InWindow {
    const reach = this.options.lookbackMs + slackMs;
    return (event) => Math.abs(nowMs - event.timeMs) <= reach;
  }
}

// JSON of the tuple cannot collide, whatever bytes the (hostile) name holds.
function keyId(event: SensorEvent, profile: Profile): string {
  const identity = profile.identity === 'name' ? event.name : String(event.startNs);
  return JSON.stringify([event.pid, identity]);
}

// Under entity identity the key outlives renames; the name shown is the one the process
// had when it made the memory writable and executable.
function toMatch(state: KeyState, pair: Pair, latest: SensorEvent | undefined): Match {
  const counts =
    latest ?? (pair.mprotect.timeMs > pair.connect.timeMs ? pair.mprotect : pair.connect);

  return {
    key: { ...state.key, name: pair.mprotect.name },
    mprotect: pair.mprotect,
    connect: pair.connect,
    mprotectCount: state.mprotect.count,
    connectCount: state.connect.count,
    foldedMatches: state.pendingFolds,
    ...(pair.standIn && { standIn: pair.standIn }),
    ...kernelCounts(counts),
  };
}

// The freshest event carries the kernel's running counts: its own leg's and the other's.
function kernelCounts(event: SensorEvent): Pick<Match, 'kernelCounts'> {
  const aggregate = event.aggregate;
  if (aggregate === undefined) return {};

  const own = aggregate.legCount;
  const other = aggregate.peerCount;
  const kernel =
    event.kind === 'mprotect'
      ? { mprotect: own, connect: other }
      : { mprotect: other, connect: own };
  return { kernelCounts: kernel };
}
