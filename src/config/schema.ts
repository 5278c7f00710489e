import { z } from 'zod';
import { LOG_LEVELS } from '../log/logger.js';
import { INTERVAL_MS, LOOKBACK_MS, MAX_ALERTS_PER_INTERVAL } from '../rules/rwx-network.js';

export const MPROTECT_MODES = ['auto', 'kprobe', 'tracepoint'] as const;
export const CONNECT_MODES = ['auto', 'kprobe', 'tp_btf', 'tracepoint'] as const;

const RING_MIN_BYTES = 4096;
const RING_MAX_BYTES = 1 << 30;

const ringBytes = z
  .number()
  .int()
  .min(RING_MIN_BYTES)
  .max(RING_MAX_BYTES)
  .refine((n) => (n & (n - 1)) === 0, 'must be a power of two');

/** Every setting, with the rule's values as defaults. Unknown keys are errors. */
export const CONFIG_SCHEMA = z
  .object({
    lookbackMs: z.number().int().positive().default(LOOKBACK_MS),
    intervalMs: z.number().int().positive().default(INTERVAL_MS),
    maxAlertsPerInterval: z.number().int().nonnegative().default(MAX_ALERTS_PER_INTERVAL),
    mprotectMode: z.enum(MPROTECT_MODES).default('auto'),
    connectMode: z.enum(CONNECT_MODES).default('auto'),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    ringBytes: ringBytes.default(1 << 22),
    statsIntervalMs: z.number().int().positive().default(10_000),
  })
  .strict();

export type Config = z.infer<typeof CONFIG_SCHEMA>;
export type ConfigInput = z.input<typeof CONFIG_SCHEMA>;
