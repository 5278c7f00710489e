// A correlator on a fake clock: tests move time by hand, nothing waits.
import { Correlator } from '../../../src/correlate/correlator.js';
import type { CorrelatorOptions, Match } from '../../../src/correlate/types.js';
import type { SensorEvent } from '../../../src/events/types.js';
import { DestinationFilter, RULE_EXCLUDED_DESTINATIONS } from '../../../src/net/classify.js';
import {
  EXCLUDED_PROCESS_NAMES,
  INTERVAL_MS,
  LOOKBACK_MS,
  MAX_ALERTS_PER_INTERVAL,
} from '../../../src/rules/rwx-network.js';
import { T0_MS } from './events.js';

export const HOST_ID = 'host-1';

export class FakeClock {
  nowMs = T0_MS;

  readonly now = (): number => this.nowMs;

  /** Moves to `offsetMs` after T0. */
  at(offsetMs: number): void {
    this.nowMs = T0_MS + offsetMs;
  }
}

export function makeCorrelator(overrides: Partial<CorrelatorOptions> = {}) {
  const clock = new FakeClock();
  const correlator = new Correlator({
    hostId: HOST_ID,
    lookbackMs: LOOKBACK_MS,
    intervalMs: INTERVAL_MS,
    maxAlertsPerInterval: MAX_ALERTS_PER_INTERVAL,
    excludedNames: new Set(EXCLUDED_PROCESS_NAMES),
    destinations: DestinationFilter.fromList(RULE_EXCLUDED_DESTINATIONS),
    now: clock.now,
    ...overrides,
  });

  return { correlator, clock };
}

/** Pushes each event with the clock at the event's own time, as live delivery would. */
export function deliver(correlator: Correlator, clock: FakeClock, events: SensorEvent[]) {
  const matches: Match[] = [];

  for (const event of events) {
    clock.nowMs = event.timeMs;
    matches.push(...correlator.push(event));
  }
  return matches;
}
