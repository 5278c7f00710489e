import type { Registry } from 'prom-client';
import { scrapedCounter, scrapedGauge } from './scraped.js';
import type { SensorView } from './sensor-view.js';

/** Alerts, correlator and enricher sizes, and what crossed from the poller to JS. */
export function registerSensorMetrics(registry: Registry, view: SensorView): void {
  const { pipeline, correlator, enricher, native } = view;
  const total = (name: string, help: string, read: () => number | bigint) =>
    scrapedCounter(registry, { name, help, read: () => [[{}, Number(read())]] });

  total('rwxwatch_alerts_total', 'Alerts raised', () => pipeline.stats.alerts);
  total('rwxwatch_alerts_over_cap_total', 'Matches refused by the alert cap', () => {
    return correlator.stats().overCap;
  });
  total(
    'rwxwatch_correlator_evicted_total',
    'Processes whose correlation state was evicted at maxTrackedProcesses',
    () => correlator.stats().evicted,
  );
  total('rwxwatch_transport_batches_total', 'Batches handed from the poller to JS', () => {
    return native.transport().batches;
  });
  total('rwxwatch_transport_records_total', 'Records handed from the poller to JS', () => {
    return native.transport().records;
  });
  total('rwxwatch_transport_lost_records_total', 'Records read but never handed to JS', () => {
    return native.transport().lostRecords;
  });
  total('rwxwatch_poller_cycles_total', 'Poll cycles the poller thread completed', () => {
    return native.transport().polls;
  });
  scrapedGauge(registry, {
    name: 'rwxwatch_correlator_keys',
    help: 'Processes the correlator holds state for',
    read: () => [[{}, correlator.stats().keys]],
  });
  scrapedGauge(registry, {
    name: 'rwxwatch_enricher_cache_entries',
    help: 'Process snapshots the enricher keeps',
    read: () => (enricher === undefined ? [] : [[{}, enricher.stats().size]]),
  });
}
