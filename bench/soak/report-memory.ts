// The memory part of the soak report: the flatness check and RSS over time.
import { fixed, mib } from '../report/format.js';
import { markdownTable } from '../report/table.js';
import type { SoakResults } from './results.js';
import type { SoakSample } from './sampler.js';
import type { GrowthCheck } from './verdict.js';
import { MAX_RSS_GROWTH_PCT } from './verdict.js';

const TIMELINE_ROWS = 12;

export function memorySection(r: SoakResults): string {
  const header = ['', 'samples used', 'first third', 'last third', 'growth'];
  const rows = [
    row('RSS (judged)', r.rss, mib),
    row('V8 heap used (shown only)', r.heap, (bytes) => mib(bytes / 1024)),
  ];

  return [
    '## Memory',
    '',
    `Samples from the first ${fixed(r.rss.warmupMs / 1000, 0)} s of the load are warm-up and`,
    "left out (a fifth of the run, from 30 s to 2 minutes; the soak shortens the rule's",
    'windows to 10 s so the correlator state settles within it). The rest are split in',
    "thirds and their medians compared: memory is flat when the last third's median RSS",
    `is at most ${MAX_RSS_GROWTH_PCT} % above the first's. RSS is VmRSS from`,
    '`/proc/<pid>/status`, the heap `nodejs_heap_size_used_bytes` from `/metrics`.',
    '',
    markdownTable(header, rows, ['left', 'right', 'right', 'right', 'right']),
    '',
    ...shortThirdsNote(r.loadMs - r.rss.warmupMs),
    ...sharedHostNote(r.alerts.outside),
  ].join('\n');
}

/** Below this, a third of the judged samples can sit inside one GC swing of the heap. */
const SHORT_THIRD_MS = 60_000;

function shortThirdsNote(judgedMs: number): string[] {
  const thirdMs = judgedMs / 3;
  if (thirdMs >= SHORT_THIRD_MS) return [];
  return [
    `Note: each third spans ${fixed(thirdMs / 1000, 0)} s, less than a minute: RSS rises and`,
    'falls by tens of MiB with garbage collection, so read this memory verdict as a smoke',
    'check and judge memory on a run of 10 minutes.',
    '',
  ];
}

// The sensor watches the whole host: another bench or test suite running alongside
// feeds it events too, and its memory then reflects that load as well as the soak's.
function sharedHostNote(outside: number): string[] {
  if (outside === 0) return [];
  return [
    `Note: ${fixed(outside)} alerts came from processes the soak did not start. Other work on`,
    'this host loaded the sensor too, and the memory figures include it; rerun on a quiet host',
    'before reading growth as a leak.',
    '',
  ];
}

function row(name: string, check: GrowthCheck, unit: (value: number) => string): string[] {
  const growth = Number.isFinite(check.growthPct) ? `${fixed(check.growthPct, 1)} %` : 'n/a';

  return [name, fixed(check.samplesUsed), unit(check.firstMedian), unit(check.lastMedian), growth];
}

export function rssTimeline(samples: readonly SoakSample[]): string {
  const header = ['at', 'RSS', 'heap used', 'correlator keys', 'alerts so far'];
  const rows = evenlySpaced(samples, TIMELINE_ROWS).map((s) => [
    `${fixed(s.atMs / 1000, 0)} s`,
    mib(s.rssKb),
    mib(s.heapUsedBytes / 1024),
    fixed(s.correlatorKeys),
    fixed(s.alertsTotal),
  ]);

  return [
    `RSS over time (${rows.length} of ${samples.length} samples):`,
    '',
    markdownTable(header, rows, ['right', 'right', 'right', 'right', 'right']),
    '',
  ].join('\n');
}

/** Up to `n` items spread evenly over the list, always with the first and the last. */
export function evenlySpaced<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];

  const step = (items.length - 1) / (n - 1);
  return Array.from({ length: n }, (_, i) => items[Math.round(i * step)] as T);
}
