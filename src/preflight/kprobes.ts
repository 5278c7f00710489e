import type { HostReader, PathState } from './host-reader.js';
import type { KernelConfig } from './kernel-config.js';
import type { Tracefs } from './tracefs.js';
import { type CheckResult, checkLine } from './types.js';

const OPTIONAL_HINT = 'none needed: hooks use tracepoints; kprobe modes need CONFIG_KPROBES=y';

/**
 * Kprobes are the preferred mode of every hook but never required: each hook
 * falls back to a tracepoint mode, so their absence is a warning.
 */
export function checkKprobes(
  reader: HostReader,
  tracefs: Tracefs,
  config: KernelConfig,
): CheckResult {
  const events = kprobeEvents(reader, tracefs);
  const option = config.get('CONFIG_KPROBES');
  const facts = { available: availability(events, option), kprobeEvents: events, config: option };

  if (facts.available === true) {
    return checkLine(
      'kprobes',
      'pass',
      `kprobes available (kprobe_events ${events}, config ${option})`,
      facts,
    );
  }
  if (facts.available === false) {
    return checkLine(
      'kprobes',
      'warn',
      `kprobes unavailable (${why(option)})`,
      facts,
      OPTIONAL_HINT,
    );
  }
  return checkLine(
    'kprobes',
    'warn',
    'kprobes unknown: no readable tracefs or kernel config',
    facts,
    hint(),
  );
}

function kprobeEvents(reader: HostReader, tracefs: Tracefs): PathState | 'no tracefs' {
  if (tracefs.path === undefined) return 'no tracefs';
  return reader.state(`${tracefs.path}/kprobe_events`);
}

// The config decides when it is known; else kprobe_events, when tracefs could be read.
function availability(events: string, option: string | undefined): boolean | null {
  if (option === 'y') return events !== 'absent';
  if (option === 'n') return false;
  if (events === 'present') return true;
  if (events === 'absent') return false;
  return null;
}

function why(option: string | undefined): string {
  return option === 'n' ? 'CONFIG_KPROBES is not set' : 'no kprobe_events in tracefs';
}

function hint(): string {
  return 'run as root, or mount tracefs: mount -t tracefs tracefs /sys/kernel/tracing';
}
