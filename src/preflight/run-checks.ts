import { AddonNotFoundError } from '../errors.js';
import type { NativeBinding } from '../native/binding.js';
import { checkBtf } from './btf.js';
import type { HostReader } from './host-reader.js';
import { readKernelConfig } from './kernel-config.js';
import { checkKernel, readKernelVersion } from './kernel-version.js';
import { checkKprobes } from './kprobes.js';
import { type ProbeOutcome, probeSensor } from './live-probe.js';
import { checkMemlock, readMemlock } from './memlock.js';
import { checkPrivileges, effectiveCapabilities, PRIVILEGE_HINT } from './privileges.js';
import { checkModes, checkRingbuf, deniedByKernel } from './probe-checks.js';
import { findTracefs } from './tracefs.js';
import { checkTracepoints } from './tracepoints.js';
import type { CheckResult } from './types.js';

// An installed package has its prebuild; what it can lack is a runtime library.
const ADDON_HINT = 'install libbpf 1.x, libelf and zlib, or in a clone run npm run build';

export interface PreflightDeps {
  reader: HostReader;
  euid: number;
  /** Loads the addon; throws AddonNotFoundError when there is none. */
  loadBinding: () => NativeBinding;
}

export interface Preflight {
  checks: CheckResult[];
  /** Why the sensor could not start, if it could not: decides the exit code. */
  blocker: 'none' | 'permission' | 'unavailable';
}

/** Every check, in report order; the live probe runs only when it can succeed. */
export function runPreflight(deps: PreflightDeps): Preflight {
  const { reader, euid } = deps;
  const kernel = readKernelVersion(reader);
  const config = readKernelConfig(reader, kernel?.release);
  const tracefs = findTracefs(reader);
  const kprobes = checkKprobes(reader, tracefs, config);
  const privileges = checkPrivileges(euid, effectiveCapabilities(reader));
  const outcome = probe(deps, privileges.status === 'fail');

  const checks = [
    checkKernel(kernel),
    checkBtf(reader),
    kprobes,
    checkTracepoints(reader, tracefs, config, kprobes.facts.available === true),
    checkRingbuf(outcome, kernel),
    privileges,
    checkMemlock(readMemlock(reader), kernel),
    checkModes(outcome),
  ];
  return { checks, blocker: blockerOf(checks, privileges, outcome) };
}

function probe(deps: PreflightDeps, unprivileged: boolean): ProbeOutcome {
  if (unprivileged) return { kind: 'skipped', reason: 'missing privileges', hint: PRIVILEGE_HINT };

  try {
    return probeSensor(deps.loadBinding());
  } catch (error) {
    if (!(error instanceof AddonNotFoundError)) throw error;
    return { kind: 'skipped', reason: error.message, hint: ADDON_HINT };
  }
}

function blockerOf(
  checks: CheckResult[],
  privileges: CheckResult,
  outcome: ProbeOutcome,
): Preflight['blocker'] {
  if (privileges.status === 'fail' || deniedByKernel(outcome)) return 'permission';
  return checks.some((check) => check.status === 'fail') ? 'unavailable' : 'none';
}
