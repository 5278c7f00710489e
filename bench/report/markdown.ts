import type { BenchResults } from '../results.js';
import { fixed } from './format.js';
import { memoryTable } from './memory-section.js';
import { overheadTable, usageTable } from './overhead-section.js';
import { latencyTable, throughputTable } from './run-sections.js';
import { AUDIT_RULE_TEXT } from './targets.js';

function machineLines(results: BenchResults): string[] {
  const m = results.machine;
  return [
    `- ${m.date}, ${results.quick ? 'quick run (--quick, small counts)' : 'full run'},` +
      ` ${fixed(results.durationS)} s`,
    `- kernel ${m.kernel}; ${m.cpuModel}, ${m.cores} cores; ${fixed(m.memoryMb)} MiB;` +
      ` Node ${m.node}; rwxwatch ${m.commit}`,
    `- load average at start ${m.loadAverage.join(' ')};` +
      ` audit enabled before: ${m.auditEnabledBefore}`,
  ];
}

function overheadSection(results: BenchResults): string[] {
  const o = results.overhead;
  if (o === undefined) return [];

  const skipped = o.skippedModes.map((s) => `- ${s.mode} not measured: ${s.reason}`);
  const lost = Object.entries(o.auditLost).map(
    ([mode, n]) => `- ${mode}: the kernel dropped ${fixed(n)} audit records (backlog full)`,
  );
  return [
    `## Syscall overhead (${o.rounds} alternating rounds)`,
    '',
    'Median ns per operation with no monitor; for each monitor, the median over rounds of',
    'its ratio to no monitor in the same round, and its own median ns per operation.',
    `auditd rules: ${AUDIT_RULE_TEXT}`,
    '',
    overheadTable(o),
    '',
    ...skipped,
    ...lost,
    '',
    '### Monitor CPU and peak RSS during each workload',
    '',
    usageTable(o),
    '',
  ];
}

/** The whole report: machine facts, then one section per part that ran, then problems. */
export function renderMarkdown(results: BenchResults): string {
  const sections = [
    '# rwxwatch benchmark',
    '',
    ...machineLines(results),
    '',
    ...overheadSection(results),
    ...(results.latency ? ['## Alert latency', '', latencyTable(results.latency), ''] : []),
    ...(results.throughput
      ? ['## User-space throughput', '', throughputTable(results.throughput), '']
      : []),
    ...(results.memory ? ['## Memory', '', memoryTable(results.memory), ''] : []),
    ...(results.errors.length > 0
      ? ['## Problems during the run', '', ...results.errors.map((e) => `- ${e}`), '']
      : []),
  ];
  return sections.join('\n');
}
