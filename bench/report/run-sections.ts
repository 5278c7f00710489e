import type { LatencyResults, ThroughputResults, ThroughputStep } from '../results.js';
import { count, fixed, mib, ms, verdict } from './format.js';
import { median, percentile } from './stats.js';
import { type Align, markdownTable } from './table.js';
import { LATENCY_P99_TARGET_MS, NO_DROP_BELOW_PER_S } from './targets.js';

export function latencyTable(latency: LatencyResults): string {
  const p99 = percentile(latency.endToEndMs, 99);
  const { cpuMs, wallMs, peakRssKb } = latency.sensor;
  const header = ['measured', 'p50', 'p99', 'max', 'samples (missed)'];
  const samples = `${latency.endToEndMs.length} (${latency.missed})`;
  const row = (name: string, list: number[]): string[] => [
    name,
    ms(median(list)),
    ms(percentile(list, 99)),
    ms(Math.max(...list)),
    samples,
  ];

  const table = markdownTable(header, [
    row('connect() returned → alert line read (end to end)', latency.endToEndMs),
    row('alert @timestamp − connection @timestamp (in sensor)', latency.inSensorMs),
  ]);
  const notes = [
    `Target p99 ≤ ${LATENCY_P99_TARGET_MS} ms: ${verdict(p99, LATENCY_P99_TARGET_MS)}.`,
    `Sensor meanwhile: ${fixed(cpuMs)} ms CPU over ${fixed(wallMs / 1000, 1)} s,`,
    `peak RSS ${mib(peakRssKb)}.`,
  ];
  return `${table}\n\n${notes.join(' ')}`;
}

/** The lowest offered rate at which the kernel lost records, if it lost any. */
export function firstDrop(steps: ThroughputStep[]): number | undefined {
  const rates = steps.filter((step) => step.ringbufFull > 0).map((step) => step.offeredPerS);
  return rates.length === 0 ? undefined : Math.min(...rates);
}

/**
 * Met when no step below the target rate dropped and one at or above it did not;
 * "not shown" when the generator never reached the target rate.
 */
export function dropVerdict(steps: ThroughputStep[]): string {
  const below = steps.filter((s) => s.offeredPerS < NO_DROP_BELOW_PER_S);
  if (below.some((s) => s.ringbufFull > 0)) return 'not met';
  if (steps.some((s) => s.offeredPerS >= NO_DROP_BELOW_PER_S && s.ringbufFull === 0)) return 'met';

  const fastest = Math.max(...steps.map((s) => s.offeredPerS));
  return `not shown (fastest offered ${fixed(fastest)}/s)`;
}

const HEADER = [
  'kernel aggregation',
  'asked /s',
  'processes',
  'offered /s',
  'aggregated /s',
  'emitted /s',
  'decoded /s',
  'ringbufFull',
  'sensor CPU',
];

function stepRow(step: ThroughputStep): string[] {
  return [
    step.aggregation === 'off' ? 'off (ceiling)' : 'default',
    step.targetRate === 0 ? 'flat out' : count(step.targetRate),
    String(step.processes),
    fixed(step.offeredPerS),
    fixed(step.aggregatedPerS),
    fixed(step.emittedPerS),
    fixed(step.decodedPerS),
    fixed(step.ringbufFull),
    `${fixed(step.sensorCpuPct)}%`,
  ];
}

function seriesNote(name: string, steps: ThroughputStep[]): string {
  if (steps.length === 0) return '';
  const ceiling = Math.max(...steps.map((step) => step.decodedPerS));
  const drop = firstDrop(steps);
  const dropText = drop === undefined ? 'no drop' : `drops from ${fixed(drop)} offered/s`;
  const verdict = dropVerdict(steps);
  return `${name}: highest decoded ${fixed(ceiling)}/s, ${dropText}, target ${verdict}.`;
}

export function throughputTable(throughput: ThroughputResults): string {
  const { steps } = throughput;
  const align = HEADER.map((_, i): Align => (i < 3 ? 'left' : 'right'));
  const table = markdownTable(HEADER, steps.map(stepRow), align);

  const notes = [
    `Target: no drop below ${count(NO_DROP_BELOW_PER_S)} qualifying events/s.`,
    seriesNote(
      'Aggregation off (every event sent)',
      steps.filter((s) => s.aggregation === 'off'),
    ),
    seriesNote(
      'Default config (one process: the kernel counts its repeats)',
      steps.filter((s) => s.aggregation === 'default'),
    ),
    `Peak RSS ${mib(throughput.peakRssKb)}.`,
  ];
  return `${table}\n\n${notes.filter((n) => n !== '').join(' ')}`;
}
