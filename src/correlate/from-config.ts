import type { Config } from '../config/schema.js';
import { DestinationFilter, RULE_EXCLUDED_DESTINATIONS } from '../net/classify.js';
import { EXCLUDED_PROCESS_NAMES } from '../rules/rwx-network.js';
import { Correlator } from './correlator.js';

/** The correlator a configuration asks for; `now` is wall time live, event time in replay. */
export function correlatorFromConfig(
  config: Config,
  hostId: string,
  now: () => number,
): Correlator {
  return new Correlator({
    hostId,
    lookbackMs: config.lookbackMs,
    intervalMs: config.intervalMs,
    maxAlertsPerInterval: config.maxAlertsPerInterval,
    excludedNames: new Set(EXCLUDED_PROCESS_NAMES),
    destinations: DestinationFilter.fromList(RULE_EXCLUDED_DESTINATIONS),
    now,
  });
}
