// Joins the two legs of the rule in memory, as EQL `sample` does over stored events.
//
// Semantics:
// - Key: hostId + pid + process name at the time of each event, name compared exactly
//   (case-sensitive). A process renamed between the two events forms two keys.
// - An mprotect qualifies when prot is exactly RWX_PROT, whatever the syscall returned
//   (the rule reads only the argument); a connect qualifies when the destination filter
//   does not exclude it. Either way the name must not be in `excludedNames`.
// - An event fills the leg of its own kind only, so one event never forms a pair alone.
// - Order does not matter: whichever leg arrives second completes the pair.
// - Both events must be within `lookbackMs` of now(), judged on their `timeMs`. The
//   distance is absolute so a clock stepped backwards neither freezes nor leaks state.
// - Per key, each leg keeps its earliest and latest qualifying event in the window and
//   a count; when the earliest ages out the latest takes its place (see leg.ts). The
//   pair reported is the arriving event with the other leg's earliest, so a key's first
//   alert carries the earliest event of both legs.
// - Per key, at most one alert per `intervalMs`: the first pair alerts at once; later
//   matches inside the interval are counted as `suppressed` and reported as
//   `foldedMatches` in the key's next alert. A pair already alerted never alerts again.
// - Globally, at most `maxAlertsPerInterval` alerts per fixed window aligned to the first
//   alert; the rest are counted in `overCap` and folded like suppressed matches.
// - expire() drops keys whose legs are empty after pruning and whose interval has
//   passed. Limitation: folded matches of such a key are never reported; they are
//   counted in `unreportedFolds`. The number of keys is bounded by how many processes
//   qualify within one look-back, not by a fixed limit.
import type { SensorEvent } from '../events/types.js';
import { AlertBudget } from './alert-budget.js';
import { KeyState, type Pair } from './key-state.js';
import type { InWindow } from './leg.js';
import { validateOptions } from './options.js';
import { qualifies } from './qualify.js';
import type { CorrelatorOptions, CorrelatorStats, Match } from './types.js';

type Counters = Omit<CorrelatorStats, 'keys'>;

export class Correlator {
  private readonly keys = new Map<string, KeyState>();
  private readonly budget: AlertBudget;
  private readonly counters: Counters = {
    alerts: 0,
    suppressed: 0,
    overCap: 0,
    unreportedFolds: 0,
    duplicates: 0,
    stale: 0,
    ignored: 0,
  };

  constructor(private readonly options: CorrelatorOptions) {
    validateOptions(options);
    this.budget = new AlertBudget(options.intervalMs, options.maxAlertsPerInterval);
  }

  push(event: SensorEvent): Match[] {
    const nowMs = this.options.now();
    const inWindow = this.windowAt(nowMs);
    if (!qualifies(event, this.options)) {
      this.counters.ignored += 1;
      return [];
    }
    if (!inWindow(event)) {
      this.counters.stale += 1;
      return [];
    }

    const state = this.stateFor(event);
    state.prune(inWindow);
    const pair = state.pairWith(event);
    if (pair !== undefined && state.hasAlerted(pair)) {
      this.counters.duplicates += 1;
      return [];
    }

    state.record(event);
    return pair === undefined ? [] : this.decide(state, pair, nowMs);
  }

  expire(): void {
    const nowMs = this.options.now();
    const inWindow = this.windowAt(nowMs);

    for (const [id, state] of this.keys) {
      state.prune(inWindow);
      if (state.legsEmpty && !this.inInterval(state, nowMs)) {
        this.counters.unreportedFolds += state.pendingFolds;
        this.keys.delete(id);
      }
    }
  }

  stats(): CorrelatorStats {
    return { keys: this.keys.size, ...this.counters };
  }

  private decide(state: KeyState, pair: Pair, nowMs: number): Match[] {
    if (this.inInterval(state, nowMs)) {
      this.counters.suppressed += 1;
      state.pendingFolds += 1;
      return [];
    }
    if (!this.budget.tryTake(nowMs)) {
      this.counters.overCap += 1;
      state.pendingFolds += 1;
      return [];
    }

    const match = toMatch(state, pair);
    state.markAlerted(pair, nowMs);
    this.counters.alerts += 1;
    return [match];
  }

  private stateFor(event: SensorEvent): KeyState {
    // JSON of the tuple cannot collide, whatever bytes the (hostile) name holds.
    const id = JSON.stringify([event.pid, event.name]);
    let state = this.keys.get(id);
    if (state === undefined) {
      state = new KeyState({ hostId: this.options.hostId, pid: event.pid, name: event.name });
      this.keys.set(id, state);
    }

    return state;
  }

  private inInterval(state: KeyState, nowMs: number): boolean {
    const last = state.lastAlertMs;
    return last !== undefined && Math.abs(nowMs - last) < this.options.intervalMs;
  }

  private windowAt(nowMs: number): InWindow {
    const { lookbackMs } = this.options;
    return (event) => Math.abs(nowMs - event.timeMs) <= lookbackMs;
  }
}

function toMatch(state: KeyState, pair: Pair): Match {
  return {
    key: { ...state.key },
    mprotect: pair.mprotect,
    connect: pair.connect,
    mprotectCount: state.mprotect.count,
    connectCount: state.connect.count,
    foldedMatches: state.pendingFolds,
  };
}
