// Which events may fill a leg of the rule. Kept apart from the correlator so the rule's
// conditions read in one place; the profile says which variant of each condition holds.
import type { ConnectEvent, MprotectEvent, SensorEvent } from '../events/types.js';
import type { DestinationFilter } from '../net/classify.js';
import type { Profile } from '../rules/profiles.js';

export interface QualifyOptions {
  profile: Profile;
  excludedNames: ReadonlySet<string>;
  excludedExecutables: ReadonlySet<string>;
  destinations: DestinationFilter;
}

/** mmap returns an address, or -errno in the top page of the address space. */
const MAX_ERRNO = 4095;

export function qualifies(event: SensorEvent, options: QualifyOptions): boolean {
  if (isExcludedProcess(event, options)) {
    return false;
  }

  return event.kind === 'mprotect'
    ? memoryCallQualifies(event, options.profile)
    : connectQualifies(event, options);
}

// An unknown executable is not excluded: failing open keeps a process whose path could
// not be read (it exited, or /proc is hidden from the sensor) in sight of the rule.
function isExcludedProcess(event: SensorEvent, options: QualifyOptions): boolean {
  if (options.excludedNames.has(event.name)) {
    return true;
  }

  return event.executable !== undefined && options.excludedExecutables.has(event.executable);
}

// The same predicate the kernel applied: a replayed recording may come from a sensor
// that ran another profile.
function memoryCallQualifies(event: MprotectEvent, profile: Profile): boolean {
  const { protMask, protValue, memorySyscalls } = profile.kernel;
  if (!memorySyscalls.includes(event.syscall) || (event.prot & protMask) !== protValue) {
    return false;
  }

  return profile.countsFailedCalls || callSucceeded(event);
}

export function callSucceeded(event: MprotectEvent): boolean {
  if (event.syscall === 'mmap') {
    return !(event.ret < 0 && event.ret >= -MAX_ERRNO);
  }

  return event.ret === 0;
}

function connectQualifies(event: ConnectEvent, options: QualifyOptions): boolean {
  if (event.transport === 'udp' && !options.profile.kernel.udp) {
    return false;
  }

  return !options.destinations.excludes(event.destinationIp);
}
