import type { ConnectEvent, MprotectEvent } from '../events/types.js';
import type { DestinationFilter } from '../net/classify.js';

export interface CorrelatorOptions {
  hostId: string;
  lookbackMs: number;
  intervalMs: number;
  maxAlertsPerInterval: number;
  excludedNames: ReadonlySet<string>;
  destinations: DestinationFilter;
  /** Wall-clock ms, the same clock as SensorEvent.timeMs. */
  now: () => number;
}

/** The rule's `sample by host.id, process.pid, process.name`. */
export interface MatchKey {
  hostId: string;
  pid: number;
  name: string;
}

export interface Match {
  key: MatchKey;
  mprotect: MprotectEvent;
  connect: ConnectEvent;
  /** Qualifying events of each leg the key holds (see Leg for what they cover). */
  mprotectCount: number;
  connectCount: number;
  /** Matches of this key held back since its previous alert. */
  foldedMatches: number;
}

export interface CorrelatorStats {
  /** Keys currently held. */
  keys: number;
  alerts: number;
  /** Matches held back by the per-key interval; they fold into the key's next alert. */
  suppressed: number;
  /** Matches refused by the global cap; they also fold into the key's next alert. */
  overCap: number;
  /** Folded matches lost because their key expired before it alerted again. */
  unreportedFolds: number;
  /** Events that would only re-form a pair already alerted. */
  duplicates: number;
  /** Qualifying events already outside the look-back when they arrived. */
  stale: number;
  /** Events that qualify for neither leg. */
  ignored: number;
}
