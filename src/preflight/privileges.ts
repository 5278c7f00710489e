import { type HostReader, readText } from './host-reader.js';
import { type CheckResult, checkLine } from './types.js';

/** Capability bit numbers (linux/capability.h). */
export const CAPABILITIES = {
  CAP_DAC_READ_SEARCH: 2,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_ADMIN: 21,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
} as const;
type CapName = keyof typeof CAPABILITIES;

// Loading and attaching need CAP_BPF with CAP_PERFMON (5.8+), or CAP_SYS_ADMIN alone.
const TO_LOAD: readonly CapName[] = ['CAP_BPF', 'CAP_PERFMON'];
// Mounting tracefs and reading other processes' /proc entries for alerts.
const FOR_FULL_ALERTS: readonly CapName[] = ['CAP_SYS_ADMIN', 'CAP_SYS_PTRACE'];
const ALSO_USEFUL: readonly CapName[] = ['CAP_DAC_READ_SEARCH'];

export const PRIVILEGE_HINT = 'run as root or grant CAP_BPF,CAP_PERFMON';

/** The effective capability set of the reading process, from /proc/self/status. */
export function effectiveCapabilities(reader: HostReader): bigint | undefined {
  const status = readText(reader, '/proc/self/status') ?? '';
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  return hex === undefined ? undefined : BigInt(`0x${hex}`);
}

export function checkPrivileges(euid: number, capEff: bigint | undefined): CheckResult {
  const held = (Object.keys(CAPABILITIES) as CapName[]).filter((name) => has(capEff, name));
  const missing = (Object.keys(CAPABILITIES) as CapName[]).filter((name) => !held.includes(name));
  const facts = { euid, effective: held, missing };
  const canLoad = TO_LOAD.every((name) => held.includes(name)) || held.includes('CAP_SYS_ADMIN');

  if (!canLoad) {
    const summary = `euid ${euid} lacks ${TO_LOAD.filter((n) => !held.includes(n)).join(',')}`;
    return checkLine('privileges', 'fail', summary, facts, PRIVILEGE_HINT);
  }
  const lacking = [...FOR_FULL_ALERTS, ...ALSO_USEFUL].filter((name) => !held.includes(name));
  if (lacking.length > 0) {
    const summary = `can load BPF; without ${lacking.join(',')} some alert fields stay empty`;
    return checkLine('privileges', 'warn', summary, facts, `grant ${lacking.join(',')}`);
  }
  return checkLine('privileges', 'pass', `euid ${euid} with every capability needed`, facts);
}

function has(capEff: bigint | undefined, name: CapName): boolean {
  if (capEff === undefined) return false;
  return ((capEff >> BigInt(CAPABILITIES[name])) & 1n) === 1n;
}
