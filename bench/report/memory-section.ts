import type { LiveMemory, MemoryResults, SyntheticMemory } from '../results.js';
import { count, fixed, mib, verdict } from './format.js';
import { markdownTable } from './table.js';
import { RSS_AT_100K_TARGET_KB } from './targets.js';

const TARGET_PROCESSES = 100_000;

const HEADER = [
  'measurement',
  'processes',
  'state keys',
  'before',
  'after',
  'per process',
  'at 100k',
];

function liveRow(live: LiveMemory): string[] {
  const perKeyKb = (live.rssAfterKb - live.rssBeforeKb) / live.keys;
  return [
    'live sensor: RSS after short RWX+connect processes',
    count(live.processes),
    count(live.keys),
    mib(live.rssBeforeKb),
    mib(live.rssAfterKb),
    `${fixed(perKeyKb, 1)} KiB`,
    `${mib(live.extrapolated100kKb)} (${howAt100k(live)})`,
  ];
}

// With 100,000 processes held, the "extrapolation" is the measurement itself.
function measuredAt100k(live: LiveMemory): boolean {
  return live.keys >= TARGET_PROCESSES;
}

function howAt100k(live: LiveMemory): string {
  return measuredAt100k(live) ? 'measured' : 'extrapolated, linear';
}

function syntheticRow(synthetic: SyntheticMemory): string[] {
  const heapKb = (synthetic.heapAfterBytes - synthetic.heapBeforeBytes) / 1024;
  return [
    'synthetic: correlator alone, heap after GC',
    count(synthetic.processes),
    count(synthetic.keys),
    mib(synthetic.heapBeforeBytes / 1024),
    mib(synthetic.heapAfterBytes / 1024),
    `${fixed(heapKb / synthetic.keys, 1)} KiB`,
    `${mib(heapKb)} heap (measured); process RSS ${mib(synthetic.rssAfterBytes / 1024)}`,
  ];
}

export function memoryTable(memory: MemoryResults): string {
  const { live, synthetic } = memory;
  const rows = [
    ...(live === undefined ? [] : [liveRow(live)]),
    ...(synthetic === undefined ? [] : [syntheticRow(synthetic)]),
  ];

  const pace =
    live === undefined
      ? ''
      : ` The live processes came at ${fixed(live.processesPerS)}/s and cost the sensor` +
        ` ${fixed(live.sensorCpuMs)} ms of CPU; its peak RSS was ${mib(live.peakRssKb)}.`;
  const limit = RSS_AT_100K_TARGET_KB;
  const judged =
    live === undefined
      ? ''
      : `; live ${measuredAt100k(live) ? 'measurement' : 'extrapolation'}: ` +
        verdict(live.extrapolated100kKb, limit);
  const target = `Target: RSS ≤ ${mib(limit)} with 100k processes${judged}.`;
  return `${markdownTable(HEADER, rows)}\n\n${target}${pace}`;
}
