import type { MachineFacts } from '../results.js';
import type { AlertCounts } from './alert-tally.js';
import type { Workload, WorkloadCounts } from './load.js';
import type { MetricsSummary } from './metrics-summary.js';
import type { SoakOptions } from './options.js';
import type { SoakSample } from './sampler.js';
import type { GrowthCheck, LossCheck, Verdict } from './verdict.js';

/** Everything the soak report shows; written by run-soak.ts, read by report.ts. */
export interface SoakResults {
  machine: MachineFacts;
  options: SoakOptions;
  sensorConfig: Record<string, unknown>;
  /** How long the load actually ran, and how long the sensor took to catch up after. */
  loadMs: number;
  drainMs: number;
  load: Record<Workload, WorkloadCounts>;
  loadErrors: string[];
  expectedAlerts: number;
  alerts: AlertCounts;
  /** The last scrape, after the drain. */
  final: MetricsSummary;
  samples: SoakSample[];
  rss: GrowthCheck;
  heap: GrowthCheck;
  peakRssKb: number;
  /** Sensor CPU (user + system) while the load ran. */
  sensorCpuMs: number;
  warningCount: number;
  /** Of warningCount, those logged before the soak stopped the sensor. */
  warningsBeforeStop: number;
  warnings: string[];
  sensorExit: number | null;
  loss: LossCheck;
  verdict: Verdict;
}
