import type { Config } from '../config/schema.js';
import { DestinationFilter } from '../net/classify.js';
import { PROFILES } from '../rules/profiles.js';
import { Correlator } from './correlator.js';

/**
 * The correlator a configuration asks for; `now` is wall time live, event time in replay.
 * The exclude lists already hold the profile's defaults where the file gave none.
 */
export function correlatorFromConfig(
  config: Config,
  hostId: string,
  now: () => number,
): Correlator {
  return new Correlator({
    hostId,
    profile: PROFILES[config.profile],
    lookbackMs: config.lookbackMs,
    intervalMs: config.intervalMs,
    maxAlertsPerInterval: config.maxAlertsPerInterval,
    maxKeys: config.maxTrackedProcesses,
    excludedNames: new Set(config.exclude.processNames),
    excludedExecutables: new Set(config.exclude.executables),
    destinations: DestinationFilter.fromList(config.exclude.destinations),
    now,
    aggregationRefreshMs: config.kernel.aggregationRefreshMs,
  });
}
