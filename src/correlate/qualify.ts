// Which events may fill a leg of the rule. Kept apart from the correlator so the rule's
// conditions read in one place.
import type { SensorEvent } from '../events/types.js';
import type { DestinationFilter } from '../net/classify.js';
import { RWX_PROT } from '../rules/rwx-network.js';

export interface QualifyOptions {
  excludedNames: ReadonlySet<string>;
  destinations: DestinationFilter;
}

// The mprotect leg reads only the prot argument, so a call that failed still counts.
export function qualifies(event: SensorEvent, options: QualifyOptions): boolean {
  if (options.excludedNames.has(event.name)) {
    return false;
  }

  return event.kind === 'mprotect'
    ? event.prot === RWX_PROT
    : !options.destinations.excludes(event.destinationIp);
}
