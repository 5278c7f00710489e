import type { HostReader, PathState } from './host-reader.js';
import type { KernelConfig } from './kernel-config.js';
import { TRACEFS_DEFAULT, type Tracefs } from './tracefs.js';
import { type CheckResult, checkLine } from './types.js';

/** The tracepoints the fallback modes attach to, and what provides each. */
const EVENTS = [
  { name: 'syscalls:sys_enter_mprotect', option: 'CONFIG_FTRACE_SYSCALLS' },
  { name: 'sock:inet_sock_set_state', option: 'CONFIG_NET' },
] as const;

type EventState = PathState | 'unknown';

/**
 * The tracepoint modes need both events. Missing ones fail only when kprobes,
 * the other way to attach, are not there either.
 */
export function checkTracepoints(
  reader: HostReader,
  tracefs: Tracefs,
  config: KernelConfig,
  kprobesAvailable: boolean,
): CheckResult {
  const events = Object.fromEntries(EVENTS.map((e) => [e.name, stateOf(reader, tracefs, e)]));
  const facts = { tracefs: tracefs.path ?? null, mounted: tracefs.path !== undefined, events };
  const missing = EVENTS.filter((e) => events[e.name] === 'absent');

  // Unmounted, only the kernel config can say whether the syscall events exist.
  if (tracefs.path === undefined) {
    const unusable = config.get('CONFIG_FTRACE_SYSCALLS') === 'n' && !kprobesAvailable;
    return notMounted(facts, unusable);
  }
  if (missing.length > 0) return someMissing(facts, missing, kprobesAvailable);
  if (Object.values(events).includes('denied')) {
    const hint = 'run as root to read tracefs';
    return checkLine('tracepoints', 'warn', `tracefs at ${tracefs.path} unreadable`, facts, hint);
  }
  const names = EVENTS.map((e) => e.name).join(', ');
  return checkLine('tracepoints', 'pass', `${names} present`, facts);
}

function stateOf(reader: HostReader, tracefs: Tracefs, event: (typeof EVENTS)[number]) {
  if (tracefs.path === undefined) return 'unknown' satisfies EventState;
  return reader.state(`${tracefs.path}/events/${event.name.replace(':', '/')}`);
}

function notMounted(facts: CheckResult['facts'], unusable: boolean): CheckResult {
  const summary = `tracefs not mounted; the sensor mounts it at ${TRACEFS_DEFAULT}`;
  const hint = `to check the events now: mount -t tracefs tracefs ${TRACEFS_DEFAULT}`;
  return checkLine('tracepoints', unusable ? 'fail' : 'warn', summary, facts, hint);
}

function someMissing(
  facts: CheckResult['facts'],
  missing: readonly (typeof EVENTS)[number][],
  kprobesAvailable: boolean,
): CheckResult {
  const names = missing.map((e) => e.name).join(', ');
  const hint = `install a kernel with ${missing.map((e) => e.option).join(' and ')}`;
  const status = kprobesAvailable ? 'warn' : 'fail';
  return checkLine('tracepoints', status, `tracepoint ${names} absent`, facts, hint);
}
