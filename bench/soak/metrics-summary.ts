// What the soak report needs from one /metrics scrape: the kernel's counters per hook,
// the poller-to-JS transport, the alert counters and the attach modes. Pure.
import { type PromSample, select, sum } from './prometheus.js';

export const DROP_REASONS = ['ringbuf_full', 'state_full', 'read_failed'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface HookCounts {
  hook: string;
  mode: string;
  seen: number;
  filtered: number;
  emitted: number;
  aggregated: number;
  dropped: Record<DropReason, number>;
}

export interface TransportCounts {
  /** Records the kernel wrote to the ring buffer, summed over hooks. */
  emitted: number;
  batches: number;
  /** Records the poller handed to JS. */
  handed: number;
  /** Records the poller read but never handed to JS (counted loss). */
  lost: number;
}

export interface MetricsSummary {
  hooks: HookCounts[];
  transport: TransportCounts;
  alertsTotal: number;
  overCap: number;
  sinkWritten: number;
  correlatorKeys: number;
  heapUsedBytes: number;
  cpuSeconds: number;
}

const KERNEL = 'rwxwatch_kernel_events';

export function summariseMetrics(samples: readonly PromSample[]): MetricsSummary {
  const hooks = select(samples, `${KERNEL}_seen_total`).map((s) => s.labels.hook ?? '?');

  return {
    hooks: hooks.map((hook) => hookCounts(samples, hook)),
    transport: {
      emitted: sum(samples, `${KERNEL}_emitted_total`),
      batches: sum(samples, 'rwxwatch_transport_batches_total'),
      handed: sum(samples, 'rwxwatch_transport_records_total'),
      lost: sum(samples, 'rwxwatch_transport_lost_records_total'),
    },
    alertsTotal: sum(samples, 'rwxwatch_alerts_total'),
    overCap: sum(samples, 'rwxwatch_alerts_over_cap_total'),
    sinkWritten: sum(samples, 'rwxwatch_sink_alerts_total', { outcome: 'written' }),
    correlatorKeys: sum(samples, 'rwxwatch_correlator_keys'),
    heapUsedBytes: sum(samples, 'nodejs_heap_size_used_bytes'),
    cpuSeconds: sum(samples, 'process_cpu_seconds_total'),
  };
}

function hookCounts(samples: readonly PromSample[], hook: string): HookCounts {
  const counter = (what: string) => sum(samples, `${KERNEL}_${what}_total`, { hook });
  const dropped = (reason: DropReason) => sum(samples, `${KERNEL}_dropped_total`, { hook, reason });
  const mode = select(samples, 'rwxwatch_hook_attach_mode', { hook }).find((s) => s.value === 1);

  return {
    hook,
    mode: mode?.labels.mode ?? 'not attached',
    seen: counter('seen'),
    filtered: counter('filtered'),
    emitted: counter('emitted'),
    aggregated: counter('aggregated'),
    dropped: {
      ringbuf_full: dropped('ringbuf_full'),
      state_full: dropped('state_full'),
      read_failed: dropped('read_failed'),
    },
  };
}

/** Every kernel drop, over hooks and reasons; NaN counts as none. */
export function kernelDropped(hooks: readonly HookCounts[]): number {
  return hooks.reduce(
    (total, hook) =>
      total + DROP_REASONS.reduce((n, reason) => n + (finite(hook.dropped[reason]) ?? 0), 0),
    0,
  );
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}
