import type { Registry } from 'prom-client';
import type { Counters, HookCounters, HookName } from '../native/binding.js';
import { type Sample, scrapedCounter } from './scraped.js';
import type { SensorView } from './sensor-view.js';

const PASSED = [
  ['seen', 'events a hook saw'],
  ['filtered', 'events the kernel filter dropped (profile predicate, destination, own pid)'],
  ['emitted', 'records written to the ring buffer'],
  ['aggregated', 'qualifying events counted into process state instead of sent'],
] as const;

// Label values in Prometheus' snake_case; keys as the addon names its counters.
const DROPPED = {
  ringbufFull: 'ringbuf_full',
  stateFull: 'state_full',
  readFailed: 'read_failed',
};

/** The kernel's per-hook counters, read from the addon at every scrape. */
export function registerKernelMetrics(registry: Registry, view: Pick<SensorView, 'native'>): void {
  const read = () => view.native.counters();

  for (const [counter, help] of PASSED) {
    scrapedCounter(registry, {
      name: `rwxwatch_kernel_events_${counter}_total`,
      help: `Kernel: ${help}, per hook`,
      labelNames: ['hook'],
      read: () => perHook(read(), (hook) => hook[counter]),
    });
  }
  scrapedCounter(registry, {
    name: 'rwxwatch_kernel_events_dropped_total',
    help: 'Kernel: events lost, per hook and reason',
    labelNames: ['hook', 'reason'],
    read: () => dropped(read()),
  });
}

function perHook(counters: Counters, pick: (hook: HookCounters) => bigint): Sample[] {
  const hooks = Object.entries(counters) as [HookName, HookCounters][];

  return hooks.map(([hook, values]) => [{ hook }, Number(pick(values))]);
}

function dropped(counters: Counters): Sample[] {
  const reasons = Object.entries(DROPPED) as [keyof typeof DROPPED, string][];

  return reasons.flatMap(([counter, reason]) =>
    perHook(counters, (hook) => hook[counter]).map(
      ([labels, value]): Sample => [{ ...labels, reason }, value],
    ),
  );
}
