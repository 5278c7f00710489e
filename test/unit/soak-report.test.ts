import { describe, expect, it } from 'vitest';
import { summariseMetrics } from '../../bench/soak/metrics-summary.js';
import { parsePrometheus } from '../../bench/soak/prometheus.js';
import { renderSoakReport } from '../../bench/soak/report.js';
import { evenlySpaced } from '../../bench/soak/report-memory.js';
import type { SoakResults } from '../../bench/soak/results.js';
import { growthCheck, lossCheck, verdict } from '../../bench/soak/verdict.js';

const counts = (expectedAlerts: number) => ({
  runs: 30,
  processes: 630,
  operations: 600,
  expectedAlerts,
  failedRuns: 0,
});

function results(raised: number): SoakResults {
  const samples = Array.from({ length: 30 }, (_, i) => ({
    atMs: (i + 1) * 2_000,
    rssKb: 100_000,
    heapUsedBytes: 20e6,
    correlatorKeys: 100,
    alertsTotal: i * 20,
  }));
  const rss = growthCheck(
    samples.map((s) => ({ atMs: s.atMs, value: s.rssKb })),
    60_000,
  );
  const loss = lossCheck({
    expectedAlerts: 600,
    raisedAlerts: raised,
    overCap: 0,
    kernelDropped: 0,
    emitted: 10,
    handed: 10,
    lost: 0,
  });
  const alerts = { expected: raised, duplicate: 0, falsePositive: 0, canary: 1, outside: 2 };
  const final = summariseMetrics(parsePrometheus('rwxwatch_alerts_total 603\n'));

  return {
    machine: {
      date: '2026-12-03T18:00:00.000Z',
      kernel: '6.18',
      cpuModel: 'test cpu',
      cores: 2,
      memoryMb: 1024,
      node: 'v20',
      commit: 'abc',
      loadAverage: [0, 0, 0],
      auditEnabledBefore: '0',
    },
    options: { minutes: 1, sampleMs: 2_000, spawnPerS: 20 },
    sensorConfig: {},
    loadMs: 60_000,
    drainMs: 100,
    load: { alerting: counts(600), storm: counts(0), loopback: counts(0), churn: counts(0) },
    loadErrors: ['alerting run 7: 1 connect: refused\u0007'],
    expectedAlerts: 600,
    alerts,
    final,
    samples,
    rss,
    heap: rss,
    peakRssKb: 120_000,
    sensorCpuMs: 3_000,
    warningCount: 1,
    warningsBeforeStop: 1,
    warnings: ['{"level":40,"msg":"```"}'],
    sensorExit: 0,
    loss,
    verdict: verdict(rss, loss, { duplicates: 0, falsePositives: 0 }, 0),
  };
}

describe('soak report', () => {
  it('heads a passing run with PASS and the memory figures', () => {
    const text = renderSoakReport(results(600));

    expect(text).toContain('**Verdict: PASS**');
    expect(text).toMatch(/\| memory flat +\| yes +\| median RSS 97\.7 MiB → 97\.7 MiB/);
    expect(text).toMatch(/\| loss explained +\| yes +\| 0 alerts missing/);
  });

  it('heads a run with unexplained loss with FAIL and the reason', () => {
    const text = renderSoakReport(results(590));

    expect(text).toContain('**Verdict: FAIL**');
    expect(text).toContain('10 alerts missing, only 0 losses counted');
  });

  it('keeps quoted log lines and load errors on one line, without code fences', () => {
    const text = renderSoakReport(results(600));

    expect(text).toContain(`{"level":40,"msg":"'''"}`);
    expect(text).toContain('- alerting run 7: 1 connect: refused \n');
  });
});

describe('soak report on a shared host', () => {
  it('notes alerts from processes the soak did not start next to the memory figures', () => {
    const text = renderSoakReport(results(600));

    expect(text).toContain('Note: 2 alerts came from processes the soak did not start.');
  });
});

describe('soak report on a short run', () => {
  it('says a memory verdict over thirds shorter than a minute is only a smoke check', () => {
    const text = renderSoakReport(results(600));

    expect(text).toContain('Note: each third spans 10 s, less than a minute');
  });
});

describe('soak evenlySpaced', () => {
  it('keeps the first and the last and spreads the rest', () => {
    const picked = evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4);

    expect(picked).toEqual([0, 3, 6, 9]);
  });

  it('returns short lists whole', () => {
    expect(evenlySpaced([1, 2], 12)).toEqual([1, 2]);
  });
});
