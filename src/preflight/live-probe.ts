import type { AttachAttempt, AttachModes, NativeBinding } from '../native/binding.js';
import { PROFILES } from '../rules/profiles.js';
import { CONNECT_FALLBACK, MPROTECT_FALLBACK } from '../sensor/modes.js';

/** What opening the sensor once, in every mode, showed. */
export type ProbeOutcome =
  | { kind: 'opened'; modes: AttachModes; attempts: AttachAttempt[] }
  | { kind: 'failed'; code: string; errno: number; message: string; hook: string | null }
  | { kind: 'skipped'; reason: string; hint: string };

// The smallest ring buffer the sensor accepts: the probe only needs it to exist.
const PROBE_RING_BYTES = 1 << 16;

/**
 * The one live check: loads, verifies and attaches every program with the `auto`
 * chains, as `rwxwatch run` would, then detaches at once. Programs stay attached
 * for microseconds and see only the check's own pid, which they filter out.
 */
export function probeSensor(binding: NativeBinding): ProbeOutcome {
  const { protMask, protValue, memorySyscalls } = PROFILES.parity.kernel;
  let sensor: ReturnType<NativeBinding['open']>;

  try {
    sensor = binding.open({
      // libbpf's messages here are the fallbacks' expected failures; attempts() keeps them.
      onLog: () => {},
      onBatch: () => {},
      protMask,
      protValue,
      memorySyscalls: [...memorySyscalls],
      selfPid: process.pid,
      mprotectModes: [...MPROTECT_FALLBACK],
      connectModes: [...CONNECT_FALLBACK],
      ringBytes: PROBE_RING_BYTES,
    });
  } catch (error) {
    return failed(error as Error & { code?: string; errno?: number; hook?: string });
  }
  const outcome = { kind: 'opened' as const, modes: sensor.modes(), attempts: sensor.attempts() };
  sensor.close();
  return outcome;
}

function failed(error: Error & { code?: string; errno?: number; hook?: string }): ProbeOutcome {
  return {
    kind: 'failed',
    code: error.code ?? 'UNKNOWN',
    errno: error.errno ?? 0,
    message: error.message,
    hook: error.hook ?? null,
  };
}
