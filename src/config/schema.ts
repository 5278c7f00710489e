import { z } from 'zod';
import { quoteUntrusted } from '../log/alert-summary.js';
import { LOG_LEVELS } from '../log/logger.js';
import { METRICS_SCHEMA } from '../metrics/schema.js';
import { isDestinationEntry } from '../net/classify.js';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../rules/profiles.js';
import { INTERVAL_MS, LOOKBACK_MS, MAX_ALERTS_PER_INTERVAL } from '../rules/rwx-network.js';
import { SINKS_SCHEMA } from '../sinks/config.js';

export const MPROTECT_MODES = ['auto', 'kprobe', 'tracepoint'] as const;
export const CONNECT_MODES = ['auto', 'kprobe', 'tp_btf', 'tracepoint'] as const;

const RING_MIN_BYTES = 4096;
const RING_MAX_BYTES = 1 << 30;
/** The kernel keeps 15 bytes of a process name (TASK_COMM_LEN minus the NUL). */
const COMM_MAX_BYTES = 15;

const ringBytes = z
  .number()
  .int()
  .min(RING_MIN_BYTES)
  .max(RING_MAX_BYTES)
  .refine((n) => (n & (n - 1)) === 0, 'must be a power of two');

// A longer name could never equal a comm, so the exclusion would silently do nothing.
const processName = z
  .string()
  .min(1)
  .refine(
    (name) => Buffer.byteLength(name) <= COMM_MAX_BYTES,
    `longer than the ${COMM_MAX_BYTES} bytes the kernel keeps of a process name`,
  );

// /proc/<pid>/exe always reads as an absolute path.
const executablePath = z.string().startsWith('/', 'must be an absolute path');

const destination = z.string().superRefine((entry, ctx) => {
  if (!isDestinationEntry(entry)) {
    ctx.addIssue({
      code: 'custom',
      // quoteUntrusted, not JSON.stringify: C1 controls and U+2028 would reach the terminal.
      message: `${quoteUntrusted(entry)} is not an IP address or CIDR range`,
    });
  }
});

/** Each list, when given, replaces the profile's default for that list. */
const EXCLUDE_SCHEMA = z
  .object({
    processNames: z.array(processName).optional(),
    executables: z.array(executablePath).optional(),
    destinations: z.array(destination).optional(),
  })
  .strict();

/**
 * How much work the kernel does before user space sees an event. Defaults keep every
 * alert identical to what user space alone would decide (test/integration proves it).
 */
const KERNEL_SCHEMA = z
  .object({
    /** Drop connections to excluded destinations in the kernel. */
    filterDestinations: z.boolean().default(true),
    /** Pending ring-buffer bytes that wake the reader; 0 wakes it for every record. */
    wakeupBytes: z
      .number()
      .int()
      .nonnegative()
      .max(RING_MAX_BYTES)
      .default(64 * 1024),
    /** The reader's timed poll: the longest a record waits without a wake-up. */
    pollIntervalMs: z.number().int().min(1).max(1_000).default(20),
    /**
     * Per-process aggregation: after a leg's event is sent, the kernel only counts that
     * leg's events for this long (0 sends every event). See bpf/aggregate.bpf.h.
     */
    aggregationRefreshMs: z.number().int().nonnegative().max(LOOKBACK_MS).default(60_000),
    /**
     * Processes the kernel keeps aggregation state for (an LRU map). When it is full the
     * least recently seen process is forgotten: its next event is sent as if it were new.
     */
    processEntries: z
      .number()
      .int()
      .min(1_024)
      .max(1 << 22)
      .default(65_536),
  })
  .strict();

/**
 * Correlation state saved across restarts (src/sensor/state-store.ts). Off unless a
 * file is given; the container and DaemonSet configurations give one.
 */
const STATE_SCHEMA = z
  .object({
    file: z.string().startsWith('/', 'must be an absolute path').optional(),
    saveIntervalMs: z.number().int().min(1_000).max(LOOKBACK_MS).default(60_000),
  })
  .strict();

/** Every setting, with the rule's values as defaults. Unknown keys are errors. */
export const CONFIG_SCHEMA = z
  .object({
    profile: z.enum(PROFILE_NAMES).default('parity'),
    lookbackMs: z.number().int().positive().default(LOOKBACK_MS),
    intervalMs: z.number().int().positive().default(INTERVAL_MS),
    maxAlertsPerInterval: z.number().int().nonnegative().default(MAX_ALERTS_PER_INTERVAL),
    /**
     * Processes the correlator holds state for at most; past it, the least recently
     * active process is forgotten and counted (src/correlate/correlator.ts).
     */
    maxTrackedProcesses: z
      .number()
      .int()
      .min(1_024)
      .max(1 << 22)
      .default(65_536),
    exclude: EXCLUDE_SCHEMA.default({}),
    mprotectMode: z.enum(MPROTECT_MODES).default('auto'),
    connectMode: z.enum(CONNECT_MODES).default('auto'),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    ringBytes: ringBytes.default(1 << 22),
    statsIntervalMs: z.number().int().positive().default(10_000),
    kernel: KERNEL_SCHEMA.prefault({}),
    /** The host's /proc and root: in a container, where the host's are mounted. */
    procRoot: z.string().startsWith('/').default('/proc'),
    hostRoot: z.string().startsWith('/').default('/'),
    /** Processes whose /proc snapshot is kept for their alerts (src/enrich). */
    processCacheEntries: z.number().int().min(16).max(1_000_000).default(2048),
    /** After attaching, drop every capability the running sensor no longer needs. */
    dropCapabilities: z.boolean().default(true),
    state: STATE_SCHEMA.prefault({}),
    sinks: SINKS_SCHEMA,
    metrics: METRICS_SCHEMA.prefault({}),
  })
  .strict()
  .transform(({ exclude, ...rest }) => ({
    ...rest,
    exclude: withDefaults(rest.profile, exclude),
  }));

type ExcludeInput = z.output<typeof EXCLUDE_SCHEMA>;

// Per list, not per key: a list the file gives replaces the profile's whole list.
function withDefaults(profile: ProfileName, exclude: ExcludeInput) {
  const defaults = PROFILES[profile].exclude;

  return {
    processNames: exclude.processNames ?? [...defaults.processNames],
    executables: exclude.executables ?? [...defaults.executables],
    destinations: exclude.destinations ?? [...defaults.destinations],
  };
}

export type Config = z.infer<typeof CONFIG_SCHEMA>;
export type ConfigInput = z.input<typeof CONFIG_SCHEMA>;
