// The two detection profiles. `parity` is the upstream rule point by point, blind spots
// included; `hardened` closes them. docs/conformance.md lists both, row by row, with the
// test that proves each row.
import type { MemorySyscall } from '../events/types.js';
import { RULE_EXCLUDED_DESTINATIONS } from '../net/classify.js';
import { EXCLUDED_PROCESS_NAMES, RWX_PROT } from './rwx-network.js';

export const PROFILE_NAMES = ['parity', 'hardened'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Every bit of the u64 prot argument: the value must then match exactly. */
export const ALL_PROT_BITS = (1n << 64n) - 1n;
/** PROT_WRITE | PROT_EXEC: memory that can be written and then run, readable or not. */
export const PROT_WRITE_EXEC = 6n;

/**
 * What the kernel lets through, handed to the addon as is. User space applies the same
 * test again, since a replayed recording may have been filtered by the other profile.
 */
export interface KernelPredicate {
  /** A memory call qualifies when (prot & protMask) === protValue. */
  protMask: bigint;
  protValue: bigint;
  memorySyscalls: MemorySyscall[];
  /** Whether connect() on UDP sockets counts as a connection attempt. */
  udp: boolean;
}

/** Exclusion lists; a list given in the configuration replaces the profile's own. */
export interface ExcludeLists {
  processNames: readonly string[];
  executables: readonly string[];
  destinations: readonly string[];
}

export interface Profile {
  name: ProfileName;
  kernel: KernelPredicate;
  /** Whether a memory call that failed still fills the mprotect leg. */
  countsFailedCalls: boolean;
  /**
   * What makes two events one process: `name` is the rule's pid + process name at each
   * event; `entity` is pid + process start time, immune to pid reuse and renames.
   */
  identity: 'name' | 'entity';
  exclude: ExcludeLists;
}

/** Link-local and multicast IPv6, and the unspecified addresses, which the rule omits. */
export const HARDENED_EXTRA_DESTINATIONS: readonly string[] = [
  'fe80::/10',
  'ff00::/8',
  '0.0.0.0/8',
  '::/128',
];

const PARITY: Profile = {
  name: 'parity',
  kernel: {
    protMask: ALL_PROT_BITS,
    protValue: RWX_PROT,
    memorySyscalls: ['mprotect'],
    udp: false,
  },
  // The rule compares only the prot argument, so a refused call still counts.
  countsFailedCalls: true,
  identity: 'name',
  exclude: {
    processNames: EXCLUDED_PROCESS_NAMES,
    executables: [],
    destinations: RULE_EXCLUDED_DESTINATIONS,
  },
};

const HARDENED: Profile = {
  name: 'hardened',
  kernel: {
    protMask: PROT_WRITE_EXEC,
    protValue: PROT_WRITE_EXEC,
    memorySyscalls: ['mprotect', 'pkey_mprotect', 'mmap'],
    udp: true,
  },
  // A refused call leaves no writable, executable memory behind.
  countsFailedCalls: false,
  identity: 'entity',
  exclude: {
    processNames: EXCLUDED_PROCESS_NAMES,
    executables: [],
    destinations: [...RULE_EXCLUDED_DESTINATIONS, ...HARDENED_EXTRA_DESTINATIONS],
  },
};

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  parity: PARITY,
  hardened: HARDENED,
};
