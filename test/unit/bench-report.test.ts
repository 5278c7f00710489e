import { describe, expect, it } from 'vitest';
import { fixed, mib, ns, times, verdict } from '../../bench/report/format.js';
import { renderMarkdown } from '../../bench/report/markdown.js';
import { overheadRatio, overheadTable } from '../../bench/report/overhead-section.js';
import { dropVerdict, firstDrop } from '../../bench/report/run-sections.js';
import { renderBarChart } from '../../bench/report/svg.js';
import { markdownTable } from '../../bench/report/table.js';
import { stampOf } from '../../bench/report/write.js';
import type { BenchResults, OverheadResults, ThroughputStep } from '../../bench/results.js';

function overhead(): OverheadResults {
  return {
    rounds: 3,
    modes: ['none', 'rwxwatch'],
    skippedModes: [],
    iterations: { getppid: 1_000, mprotect: 1_000, rwx: 1_000, loopback: 10, external: 10 },
    nsPerOp: {
      getppid: { none: [100, 200, 100], rwxwatch: [104, 208, 104] },
      rwx: { none: [1_000, 1_000, 1_000], rwxwatch: [5_000, Number.NaN, 4_000] },
    },
    usage: { rwx: { rwxwatch: [{ cpuMs: 50, wallMs: 100, peakRssKb: 80 * 1024 }] } },
    auditLost: {},
  };
}

describe('bench number formats', () => {
  it('prints ratios, durations and sizes the way the report reads', () => {
    expect(times(1.234)).toBe('1.23×');
    expect(ns(12_345.6)).toBe('12,346 ns');
    expect(ns(45.67)).toBe('45.7 ns');
    expect(mib(150 * 1024)).toBe('150.0 MiB');
    expect(fixed(1234.5, 1)).toBe('1,234.5');
  });

  it('prints n/a, never NaN, for a failed measurement', () => {
    expect(times(Number.NaN)).toBe('n/a');
    expect(ns(Number.NaN)).toBe('n/a');
    expect(verdict(Number.NaN, 1)).toBe('n/a');
  });

  it('judges an upper bound as met at the bound and over past it', () => {
    expect(verdict(1.05, 1.05)).toBe('met');
    expect(verdict(1.06, 1.05)).toBe('over');
  });
});

describe('bench markdownTable', () => {
  it('pads columns to one width and right-aligns where asked', () => {
    const table = markdownTable(
      ['name', 'n'],
      [
        ['a', '1'],
        ['long name', '200'],
      ],
      ['left', 'right'],
    );

    expect(table.split('\n')).toEqual([
      '| name      |   n |',
      '| --------- | --: |',
      '| a         |   1 |',
      '| long name | 200 |',
    ]);
  });

  it('escapes a pipe so a cell cannot open a column', () => {
    const table = markdownTable(['x'], [['a|b']]);

    expect(table.split('\n')[2]).toBe('| a\\|b |');
  });
});

describe('bench overhead section', () => {
  it('pairs each round with its own baseline and skips the failed round', () => {
    const results = overhead();

    expect(overheadRatio(results, 'getppid', 'rwxwatch')).toBeCloseTo(1.04, 10);
    expect(overheadRatio(results, 'rwx', 'rwxwatch')).toBe(4.5);
  });

  it('shows the ratio, the monitor median and the verdict against the target', () => {
    const table = overheadTable(overhead());

    const getppid = table.split('\n').find((line) => line.startsWith('| getppid'));
    expect(getppid).toContain('1.04× (104 ns)');
    expect(getppid).toContain('≤ 1.05×: met');
    expect(table).toContain('≤ 1.30×: over');
  });
});

describe('bench renderBarChart', () => {
  const chart = {
    title: 'a < b & c',
    series: ['rwxwatch', 'auditd'],
    groups: [
      { label: 'getppid', values: [1.1, 2], target: 1.05 },
      { label: 'external', values: [1.5, Number.NaN] },
    ],
  };

  it('draws one bar per finite value and says n/a for the missing one', () => {
    const svg = renderBarChart(chart);

    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect [^>]*fill="#/g)?.length).toBe(3 + 2); // bars plus legend swatches
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('>1.10<');
  });

  it('escapes text and marks the 1× baseline and the target', () => {
    const svg = renderBarChart(chart);

    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('stroke="#d62728"');
  });
});

describe('bench renderMarkdown', () => {
  it('states the machine and lists problems of a run with only the overhead part', () => {
    const results: BenchResults = {
      quick: true,
      durationS: 42,
      machine: {
        date: '2026-12-03T16:07:32.531Z',
        kernel: '6.18.0',
        cpuModel: 'Test CPU',
        cores: 2,
        memoryMb: 2048,
        node: 'v20.0.0',
        commit: 'abc1234',
        loadAverage: [0.5, 0.4, 0.3],
        auditEnabledBefore: '0',
      },
      overhead: overhead(),
      errors: ['overhead rwx under rwxwatch: timed out'],
      failedParts: [],
    };

    const markdown = renderMarkdown(results);

    expect(markdown).toContain('kernel 6.18.0; Test CPU, 2 cores');
    expect(markdown).toContain('quick run');
    expect(markdown).toContain('## Syscall overhead (3 alternating rounds)');
    expect(markdown).not.toContain('## Alert latency');
    expect(markdown).toContain('- overhead rwx under rwxwatch: timed out');
  });
});

describe('bench stampOf', () => {
  it('names the raw results file after the run date, sortable and without colons', () => {
    expect(stampOf('2026-12-03T16:07:32.531Z')).toBe('2026-12-03T16-07-32Z');
  });
});

describe('bench throughput verdicts', () => {
  const step = (offeredPerS: number, ringbufFull: number): ThroughputStep => ({
    targetRate: 0,
    processes: 1,
    aggregation: 'off',
    offeredPerS,
    emittedPerS: offeredPerS,
    aggregatedPerS: 0,
    decodedPerS: offeredPerS,
    ringbufFull,
    sensorCpuPct: 50,
  });

  it('reports the lowest offered rate that lost records, whatever the step order', () => {
    const steps = [step(100_000, 0), step(300_000, 5), step(200_000, 1)];

    expect(firstDrop(steps)).toBe(200_000);
  });

  it('is not met when anything below the target rate dropped', () => {
    expect(dropVerdict([step(200_000, 1), step(600_000, 0)])).toBe('not met');
  });

  it('is met only when a step at or above the target rate kept everything', () => {
    expect(dropVerdict([step(200_000, 0), step(600_000, 0)])).toBe('met');
    expect(dropVerdict([step(200_000, 0)])).toBe('not shown (fastest offered 200,000/s)');
  });
});
