import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from '../paths.js';
import type { BenchResults } from '../results.js';
import { renderMarkdown } from './markdown.js';
import { overheadChart } from './overhead-section.js';
import { renderBarChart } from './svg.js';

/** A file name from the run's date that sorts in time order: 2026-12-03T16-07-32Z. */
export function stampOf(isoDate: string): string {
  return `${isoDate.slice(0, 19).replace(/:/g, '-')}Z`;
}

/**
 * Writes latest.md, latest.svg and the raw numbers; returns the Markdown. A quick run
 * writes quick.md and quick.svg instead, so a smoke run never replaces the full results.
 */
export function writeResults(results: BenchResults, quick = false): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const markdown = renderMarkdown(results);
  const base = quick ? 'quick' : 'latest';

  writeFileSync(join(RESULTS_DIR, `${base}.md`), markdown);
  if (results.overhead !== undefined) {
    const chart = renderBarChart(overheadChart(results.overhead));
    writeFileSync(join(RESULTS_DIR, `${base}.svg`), chart);
  }
  const raw = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, `${stampOf(results.machine.date)}.json`), raw);
  return markdown;
}
