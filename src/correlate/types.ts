import type { ConnectEvent, MprotectEvent } from '../events/types.js';
import type { DestinationFilter } from '../net/classify.js';
import type { Profile } from '../rules/profiles.js';

export interface CorrelatorOptions {
  hostId: string;
  lookbackMs: number;
  intervalMs: number;
  maxAlertsPerInterval: number;
  /**
   * Keys held at most; past it the least recently active key is evicted (counted in
   * `evicted`). Unbounded when absent.
   */
  maxKeys?: number;
  excludedNames: ReadonlySet<string>;
  /** Exact executable paths; an event whose executable is unknown is never excluded. */
  excludedExecutables?: ReadonlySet<string>;
  destinations: DestinationFilter;
  /** Which events qualify and what makes one process; the parity profile when absent. */
  profile?: Profile;
  /** Wall-clock ms, the same clock as SensorEvent.timeMs. */
  now: () => number;
  /**
   * The kernel's aggregation refresh time (bpf/aggregate.bpf.h), 0 or absent when the
   * kernel sends every event. Keys then keep their last event past the look-back by this
   * long, to stand in for later events the kernel counted but did not send.
   */
  aggregationRefreshMs?: number;
}

/**
 * Set when one side of the pair left the look-back but the kernel counted a later event
 * of that leg, at `latestMs`, which it did not send: the reported event stands in for it.
 */
export interface StandIn {
  leg: 'mprotect' | 'connect';
  latestMs: number;
}

/** The rule's `sample by host.id, process.pid, process.name`. */
export interface MatchKey {
  hostId: string;
  pid: number;
  /** The process name at the reported mprotect. */
  name: string;
}

export interface Match {
  key: MatchKey;
  mprotect: MprotectEvent;
  connect: ConnectEvent;
  /** Qualifying events of each leg in the look-back (see Leg for what they cover). */
  mprotectCount: number;
  connectCount: number;
  /** Matches of this key held back since its previous alert. */
  foldedMatches: number;
  standIn?: StandIn;
  /** The kernel's counts for the process since it first qualified, when it aggregates. */
  kernelCounts?: { mprotect: number; connect: number };
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
  /**
   * Events that add no pair the key has not alerted on: an event delivered twice, or
   * one its full leg could not hold while every held pair had already alerted.
   */
  duplicates: number;
  /**
   * Keys forgotten because `maxKeys` were held. Their held events can no longer pair:
   * a later event of such a process starts afresh.
   */
  evicted: number;
  /** Qualifying events already outside the look-back when they arrived. */
  stale: number;
  /** Events that qualify for neither leg. */
  ignored: number;
}
