// The raw numbers of one run, as written to bench/results/<time>.json and rendered
// into the Markdown table and the SVG chart. NaN (null in the JSON) marks a
// measurement that failed; its reason is in `errors`.
import type { AuditMode } from './env/auditd.js';
import type { WorkloadName } from './options.js';

export type ModeName = 'none' | 'rwxwatch' | 'floor' | AuditMode;

/** What the monitoring process used while one workload ran. */
export interface Usage {
  cpuMs: number;
  wallMs: number;
  peakRssKb: number;
}

export interface OverheadResults {
  rounds: number;
  modes: ModeName[];
  skippedModes: { mode: ModeName; reason: string }[];
  iterations: Record<WorkloadName, number>;
  /** nsPerOp[workload][mode][round] */
  nsPerOp: Partial<Record<WorkloadName, Partial<Record<ModeName, number[]>>>>;
  /** The monitor's (sensor's or auditd's) usage, same indexing; absent for `none`. */
  usage: Partial<Record<WorkloadName, Partial<Record<ModeName, Usage[]>>>>;
  /** Audit records the kernel dropped (backlog full) per audit mode, summed over rounds. */
  auditLost: Partial<Record<ModeName, number>>;
}

export interface LatencyResults {
  samples: number;
  missed: number;
  /** Alert line read on stdout minus the trigger's connect() return, ms. */
  endToEndMs: number[];
  /** The alert's @timestamp minus its rwxwatch.connection.@timestamp, ms. */
  inSensorMs: number[];
  sensor: Usage;
}

export interface ThroughputStep {
  /** Asked-for qualifying calls per second; 0 is flat out. */
  targetRate: number;
  /** Flood processes the rate was split over. */
  processes: number;
  /** The sensor's kernel aggregation: off (every event sent) or as configured by default. */
  aggregation: 'off' | 'default';
  offeredPerS: number;
  emittedPerS: number;
  /** Events the kernel counted without sending (per-process aggregation). */
  aggregatedPerS: number;
  decodedPerS: number;
  ringbufFull: number;
  sensorCpuPct: number;
}

export interface ThroughputResults {
  statsIntervalMs: number;
  steps: ThroughputStep[];
  peakRssKb: number;
}

export interface LiveMemory {
  processes: number;
  /** Correlator keys at the end, from the sensor's `sensor detached` log line. */
  keys: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  peakRssKb: number;
  /** rssBefore + (rssAfter - rssBefore) / keys * 100,000: rssAfter itself at 100,000 keys. */
  extrapolated100kKb: number;
  /** How fast the processes came, and the sensor CPU they cost until it was idle again. */
  processesPerS: number;
  sensorCpuMs: number;
}

export interface SyntheticMemory {
  processes: number;
  keys: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  feedMs: number;
}

export interface MemoryResults {
  live?: LiveMemory;
  synthetic?: SyntheticMemory;
}

export interface MachineFacts {
  date: string;
  kernel: string;
  cpuModel: string;
  cores: number;
  memoryMb: number;
  node: string;
  commit: string;
  loadAverage: number[];
  auditEnabledBefore: string;
}

export interface BenchResults {
  quick: boolean;
  machine: MachineFacts;
  durationS: number;
  overhead?: OverheadResults;
  latency?: LatencyResults;
  throughput?: ThroughputResults;
  memory?: MemoryResults;
  /** Failures that did not stop the run, in order. */
  errors: string[];
  /** Parts that stopped with an error; the run then exits 1. */
  failedParts: string[];
}
