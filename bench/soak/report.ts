// The soak's Markdown report (bench/results/soak.md). Pure: results in, text out.
import { count, fixed, mib } from '../report/format.js';
import { markdownTable } from '../report/table.js';
import { memorySection, rssTimeline } from './report-memory.js';
import type { SoakResults } from './results.js';
import { MAX_RSS_GROWTH_PCT } from './verdict.js';

const WORKLOAD_TEXT = {
  alerting: 'forked processes: RWX mprotect, then connect to the veth peer (IPv4/IPv6 batches)',
  storm: 'one process per 30 s: RWX mprotect calls at 20,000/s, no connect',
  loopback: 'TCP connections to 127.0.0.1 inside the client namespace',
  churn: 'short processes that only call getppid',
} as const;

export function renderSoakReport(r: SoakResults): string {
  return [
    '# rwxwatch soak',
    '',
    verdictSection(r),
    runSection(r),
    loadSection(r),
    alertsSection(r),
    kernelSection(r),
    memorySection(r),
    rssTimeline(r.samples),
    cpuSection(r),
    warningsSection(r),
  ].join('\n');
}

const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');

function verdictSection(r: SoakResults): string {
  const { verdict: v, loss, alerts } = r;
  const why = loss.reasons.length > 0 ? `: ${loss.reasons.join('; ')}` : '';
  const rows = [
    ['memory flat', yes(v.memoryFlat), memoryWords(r.rss)],
    [
      'loss explained',
      yes(v.lossExplained),
      `${loss.missingAlerts} alerts missing, ${loss.countedLoss} losses counted, ` +
        `${loss.transportGap} records unaccounted between kernel and JS${why}`,
    ],
    [
      'alerts accurate',
      yes(v.alertsAccurate),
      `${alerts.duplicate} duplicates, ${alerts.falsePositive} from the silent workloads`,
    ],
    ['sensor stopped cleanly', yes(v.sensorExitedCleanly), `exit code ${r.sensorExit}`],
  ];

  return [
    `**Verdict: ${v.pass ? 'PASS' : 'FAIL'}**`,
    '',
    markdownTable(['check', 'holds', 'because'], rows),
    '',
  ].join('\n');
}

function memoryWords(rss: SoakResults['rss']): string {
  if (rss.flat === undefined) {
    return `not judged: only ${rss.samplesUsed} samples after the warm-up; run longer`;
  }
  const sign = rss.growthPct >= 0 ? '+' : '';
  return (
    `median RSS ${mib(rss.firstMedian)} → ${mib(rss.lastMedian)} from the first to the ` +
    `last third after warm-up, ${sign}${fixed(rss.growthPct, 1)} % (limit +${MAX_RSS_GROWTH_PCT} %)`
  );
}

function runSection(r: SoakResults): string {
  const m = r.machine;
  const modes = r.final.hooks.map((h) => `${h.hook} ${h.mode}`).join(', ');

  return [
    '## Run',
    '',
    `- ${m.date}, kernel ${m.kernel}, ${m.cores} cores (${m.cpuModel}), ${fixed(m.memoryMb)} MiB`,
    `- Node ${m.node}, commit ${m.commit}, load average at start ${m.loadAverage.join(' ')}`,
    `- Load: ${fixed(r.loadMs / 1000, 1)} s (asked: ${r.options.minutes} min); sensor caught ` +
      `up ${fixed(r.drainMs / 1000, 1)} s after; samples every ${r.options.sampleMs / 1000} s`,
    `- Attach modes: ${modes}`,
    `- Sensor configuration (the rest default): \`${JSON.stringify(r.sensorConfig)}\``,
    '',
  ].join('\n');
}

function loadSection(r: SoakResults): string {
  const names = Object.keys(WORKLOAD_TEXT) as (keyof typeof WORKLOAD_TEXT)[];
  const rows = names.map((name) => {
    const c = r.load[name];
    return [
      name,
      WORKLOAD_TEXT[name],
      count(c.runs),
      count(c.processes),
      count(c.operations),
      count(c.expectedAlerts),
      count(c.failedRuns),
    ];
  });
  const header = ['workload', 'what', 'runs', 'processes', 'operations', 'alerts due', 'failed'];
  const errors = r.loadErrors.map((e) => `- ${oneLine(e)}`);

  return [
    '## Load',
    '',
    markdownTable(header, rows, ['left', 'left', 'right', 'right', 'right', 'right', 'right']),
    '',
    ...(errors.length > 0 ? ['Failed runs (first ones):', '', ...errors, ''] : []),
  ].join('\n');
}

function alertsSection(r: SoakResults): string {
  const a = r.alerts;
  const rows = [
    ['expected (one per forked alerting process)', fixed(r.expectedAlerts)],
    ['raised by those processes', fixed(a.expected)],
    ['missing', fixed(r.loss.missingAlerts)],
    ['duplicates (second alert for one process)', fixed(a.duplicate)],
    ['from the silent workloads (false positives)', fixed(a.falsePositive)],
    ['readiness canaries', fixed(a.canary)],
    ['from processes the soak did not start', fixed(a.outside)],
    ['`rwxwatch_alerts_total`', fixed(r.final.alertsTotal)],
    ['`rwxwatch_alerts_over_cap_total`', fixed(r.final.overCap)],
    ['written by the stdout sink', fixed(r.final.sinkWritten)],
  ];

  return ['## Alerts', '', markdownTable(['', 'count'], rows, ['left', 'right']), ''].join('\n');
}

function kernelSection(r: SoakResults): string {
  const header = ['hook', 'mode', 'seen', 'filtered', 'emitted', 'aggregated'];
  const drops = ['ringbuf_full', 'state_full', 'read_failed'] as const;
  const rows = r.final.hooks.map((h) => [
    h.hook,
    h.mode,
    ...[h.seen, h.filtered, h.emitted, h.aggregated].map((n) => fixed(n)),
    ...drops.map((reason) => fixed(h.dropped[reason])),
  ]);
  const t = r.final.transport;
  const transport = [
    [
      fixed(t.emitted),
      fixed(t.batches),
      fixed(t.handed),
      fixed(t.lost),
      fixed(r.loss.transportGap),
    ],
  ];
  const align = ['left', 'left', ...Array(8).fill('right')];

  return [
    '## Kernel drops and transport loss',
    '',
    'Kernel counters per hook at the end of the run (whole host, whole run):',
    '',
    markdownTable([...header, ...drops.map((d) => `dropped ${d}`)], rows, align),
    '',
    'Poller to JS: every emitted record should be handed to JS or counted lost.',
    '',
    markdownTable(
      ['emitted', 'batches', 'handed to JS', 'lost (counted)', 'unaccounted'],
      transport,
      Array(5).fill('right'),
    ),
    '',
  ].join('\n');
}

function cpuSection(r: SoakResults): string {
  const pct = (100 * r.sensorCpuMs) / r.loadMs;

  return [
    '## CPU',
    '',
    `- Sensor CPU (user + system) while the load ran: ${fixed(r.sensorCpuMs / 1000, 1)} s in ` +
      `${fixed(r.loadMs / 1000, 1)} s, ${fixed(pct, 1)} % of one core`,
    `- Over the sensor's whole life (\`process_cpu_seconds_total\`, last scrape): ` +
      `${fixed(r.final.cpuSeconds, 1)} s`,
    `- Peak RSS (VmHWM): ${mib(r.peakRssKb)}`,
    '',
  ].join('\n');
}

function warningsSection(r: SoakResults): string {
  if (r.warningCount === 0) return '## Sensor warnings\n\nNone.\n';

  return [
    '## Sensor warnings',
    '',
    `Warn-or-above log lines: ${r.warningCount}, ${r.warningsBeforeStop} of them before the`,
    `soak stopped the sensor. The first ${r.warnings.length}:`,
    '',
    '```',
    ...r.warnings.map(oneLine),
    '```',
    '',
  ].join('\n');
}

// Log lines can quote process names, which processes choose: no fences, no long lines.
function oneLine(text: string): string {
  const clean = text.replace(/`/g, "'").replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
