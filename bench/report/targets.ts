import type { WorkloadName } from '../options.js';

/** The targets for rwxwatch: upper bounds on the ratio to no monitor. */
export const RATIO_TARGETS: Record<WorkloadName, number> = {
  getppid: 1.05,
  mprotect: 1.1,
  rwx: 1.3,
  loopback: 1.1,
  external: 1.2,
};

export const LATENCY_P99_TARGET_MS = 100;
/** Qualifying events per second below which nothing may be dropped. */
export const NO_DROP_BELOW_PER_S = 500_000;
export const RSS_AT_100K_TARGET_KB = 150 * 1024;

export const WORKLOAD_LABELS: Record<WorkloadName, string> = {
  getppid: 'getppid',
  mprotect: 'mprotect R↔RW',
  rwx: 'RWX storm',
  loopback: 'loopback connect',
  external: 'external connect (veth)',
};

export const MODE_LABELS: Record<string, string> = {
  none: 'no monitor',
  rwxwatch: 'rwxwatch',
  floor: 'empty programs, same tracepoints',
  'auditd-setup': 'auditd (-S mprotect, -S connect)',
  'auditd-exact': 'auditd (-S mprotect -F a2=7, -S connect)',
};

/** How the auditd modes are set up, for the report; the rules are in env/auditd.ts. */
export const AUDIT_RULE_TEXT =
  'setup = `-a always,exit -F arch=b64 -S mprotect` and `-a always,exit -F arch=b64 -S connect`;' +
  ' exact = `-S mprotect -F a2=7` and the same connect rule;' +
  ' backlog 8192 (`-b`, as Debian packages it).';
