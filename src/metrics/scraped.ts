import { Counter, Gauge, type Registry } from 'prom-client';

export type Sample = [labels: Record<string, string>, value: number];

export interface ScrapedSpec {
  name: string;
  help: string;
  labelNames?: string[];
  /** Called at every scrape; the samples it returns replace the previous ones. */
  read: () => Sample[];
}

/**
 * A counter whose totals live elsewhere (the kernel's per-CPU map, the poller's
 * atomics): it is refilled from its source at scrape time instead of counted here.
 */
export function scrapedCounter(registry: Registry, spec: ScrapedSpec): void {
  new Counter({
    ...metricOptions(registry, spec),
    collect() {
      this.reset();
      for (const [labels, value] of spec.read()) this.inc(labels, value);
    },
  });
}

export function scrapedGauge(registry: Registry, spec: ScrapedSpec): void {
  new Gauge({
    ...metricOptions(registry, spec),
    collect() {
      this.reset();
      for (const [labels, value] of spec.read()) this.set(labels, value);
    },
  });
}

function metricOptions(registry: Registry, { name, help, labelNames = [] }: ScrapedSpec) {
  return { name, help, labelNames, registers: [registry] };
}
