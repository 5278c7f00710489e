import type { WorkloadName } from '../options.js';
import type { ModeName, OverheadResults, Usage } from '../results.js';
import { count, fixed, mib, ns, times, verdict } from './format.js';
import { median, pairedRatio } from './stats.js';
import type { BarChart } from './svg.js';
import { markdownTable } from './table.js';
import { MODE_LABELS, RATIO_TARGETS, WORKLOAD_LABELS } from './targets.js';

function workloadsOf(results: OverheadResults): WorkloadName[] {
  return Object.keys(results.nsPerOp) as WorkloadName[];
}

function values(results: OverheadResults, workload: WorkloadName, mode: ModeName): number[] {
  return [...(results.nsPerOp[workload]?.[mode] ?? [])].map((v) => v ?? Number.NaN);
}

/** The median of per-round ratios to `none` in the same round. */
export function overheadRatio(
  results: OverheadResults,
  workload: WorkloadName,
  mode: ModeName,
): number {
  return pairedRatio(values(results, workload, mode), values(results, workload, 'none'));
}

function monitorCell(results: OverheadResults, workload: WorkloadName, mode: ModeName): string {
  const ratio = overheadRatio(results, workload, mode);
  if (!Number.isFinite(ratio)) return 'n/a';
  return `${times(ratio)} (${ns(median(values(results, workload, mode)))})`;
}

function targetCell(results: OverheadResults, workload: WorkloadName): string {
  const limit = RATIO_TARGETS[workload];
  const ratio = overheadRatio(results, workload, 'rwxwatch');
  return `≤ ${fixed(limit, 2)}×: ${verdict(ratio, limit)}`;
}

/** Median ns per operation without a monitor; each monitor as a ratio to it, then its median. */
export function overheadTable(results: OverheadResults): string {
  const monitors = results.modes.filter((mode) => mode !== 'none');
  const labels = monitors.map((m) => MODE_LABELS[m] ?? m);
  const header = ['workload', 'ops/run', 'no monitor', ...labels];

  const rows = workloadsOf(results).map((workload) => [
    WORKLOAD_LABELS[workload],
    count(results.iterations[workload]),
    ns(median(values(results, workload, 'none'))),
    ...monitors.map((mode) => monitorCell(results, workload, mode)),
    targetCell(results, workload),
  ]);
  return markdownTable([...header, 'rwxwatch target'], rows);
}

function usageCell(usage: Usage[] | undefined): string {
  const list = (usage ?? []).filter((u) => u !== undefined && u !== null);
  if (list.length === 0) return 'n/a';
  const cpu = median(list.map((u) => u.cpuMs));
  const share = median(list.map((u) => (100 * u.cpuMs) / u.wallMs));
  const peak = Math.max(...list.map((u) => u.peakRssKb));
  return `${fixed(cpu)} ms CPU (${fixed(share)}%), ${mib(peak)}`;
}

/** The monitor's own CPU (median over rounds, and as a share of one core) and peak RSS. */
export function usageTable(results: OverheadResults): string {
  const monitors = results.modes.filter((mode) => mode !== 'none');
  const header = ['workload', ...monitors.map((m) => MODE_LABELS[m] ?? m)];
  const rows = workloadsOf(results).map((workload) => [
    WORKLOAD_LABELS[workload],
    ...monitors.map((mode) => usageCell(results.usage[workload]?.[mode])),
  ]);
  return markdownTable(header, rows);
}

export function overheadChart(results: OverheadResults): BarChart {
  const monitors = results.modes.filter((mode) => mode !== 'none');
  return {
    title: 'Time per operation relative to no monitor (median of per-round ratios; log scale)',
    series: monitors.map((m) => MODE_LABELS[m] ?? m),
    groups: workloadsOf(results).map((workload) => ({
      label: WORKLOAD_LABELS[workload],
      values: monitors.map((mode) => overheadRatio(results, workload, mode)),
      target: RATIO_TARGETS[workload],
    })),
  };
}
