// The conformance table's shape and how one case runs: a correlator built from
// configuration exactly as the sensor builds it, on a fake clock.
import { loadConfig } from '../../../src/config/load.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { correlatorFromConfig } from '../../../src/correlate/from-config.js';
import type { CorrelatorStats, Match } from '../../../src/correlate/types.js';
import type { ConnectEvent, MprotectEvent, SensorEvent } from '../../../src/events/types.js';
import type { ProfileName } from '../../../src/rules/profiles.js';
import { FakeClock, HOST_ID } from './correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './events.js';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;

/** An event pushed with the clock at `atMs` after T0 rather than at the event's own time. */
export interface TimedStep {
  atMs: number;
  event: SensorEvent;
}

export type Step = SensorEvent | TimedStep;

export interface CaseOutcome {
  matches: Match[];
  stats: CorrelatorStats;
}

/** What one profile does for one row. */
export interface ProfileCase {
  /** The `it` text after the row id: the outcome, stated. */
  outcome: string;
  /** Configuration on top of the profile, as a file would give it. */
  config?: Omit<ConfigInput, 'profile'>;
  steps: Step[];
  alerts: number;
  /** Further explicit assertions on the matches and counters. */
  verify?: (outcome: CaseOutcome) => void;
}

export interface ConformanceRow {
  /** `<rule point>.<n>`, e.g. 1.2 for the second row of point 1. */
  id: string;
  /** The condition of the rule this row checks, as docs/conformance.md states it. */
  condition: string;
  parity: ProfileCase;
  hardened: ProfileCase;
}

/** Both profiles behave alike for this row. */
export function same(profileCase: ProfileCase): Pick<ConformanceRow, 'parity' | 'hardened'> {
  return { parity: profileCase, hardened: profileCase };
}

export function m(atMs: number, overrides: Partial<MprotectEvent> = {}): MprotectEvent {
  return mprotectEvent({ timeMs: T0_MS + atMs, ...overrides });
}

export function c(atMs: number, overrides: Partial<ConnectEvent> = {}): ConnectEvent {
  return connectEvent({ timeMs: T0_MS + atMs, ...overrides });
}

/** A qualifying pair for one pid, both events at `atMs`. */
export function pairOf(pid: number, atMs = 0): SensorEvent[] {
  return [m(atMs, { pid }), c(atMs, { pid })];
}

export function runCase(profile: ProfileName, profileCase: ProfileCase): CaseOutcome {
  const clock = new FakeClock();
  const config = loadConfig(undefined, { ...profileCase.config, profile });
  const correlator = correlatorFromConfig(config, HOST_ID, clock.now);
  const matches: Match[] = [];

  for (const step of profileCase.steps) {
    const event = 'event' in step ? step.event : step;
    clock.nowMs = 'event' in step ? T0_MS + step.atMs : step.timeMs;
    matches.push(...correlator.push(event));
  }
  return { matches, stats: correlator.stats() };
}
