import type { Registry } from 'prom-client';
import type { SinkCounters } from '../sinks/counters.js';
import { type Sample, scrapedCounter, scrapedGauge } from './scraped.js';

const OUTCOMES = ['written', 'failed', 'spooled', 'dropped'] as const;

/** What each alert sink did, read from the sinks' own counters at scrape time. */
export function registerSinkMetrics(
  registry: Registry,
  counters: () => Record<string, SinkCounters>,
): void {
  scrapedCounter(registry, {
    name: 'rwxwatch_sink_alerts_total',
    help: 'Alerts per sink and outcome: written, failed, spooled or dropped',
    labelNames: ['sink', 'outcome'],
    read: () =>
      Object.entries(counters()).flatMap(([sink, c]) =>
        OUTCOMES.map((outcome): Sample => [{ sink, outcome }, c[outcome]]),
      ),
  });
  scrapedGauge(registry, {
    name: 'rwxwatch_sink_spool_bytes',
    help: 'Bytes of alerts a sink holds in its spool, waiting for delivery',
    labelNames: ['sink'],
    read: () => Object.entries(counters()).map(([sink, c]): Sample => [{ sink }, c.spoolBytes]),
  });
}
