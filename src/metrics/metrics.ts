import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Match } from '../correlate/types.js';
import type { Logger } from '../log/logger.js';
import type { SinkCounters } from '../sinks/counters.js';
import { HealthCheck } from './health-check.js';
import { registerHookMetrics } from './hook-metrics.js';
import { registerKernelMetrics } from './kernel-metrics.js';
import { AlertLatency } from './latency.js';
import type { MetricsConfig } from './schema.js';
import { registerSensorMetrics } from './sensor-metrics.js';
import type { SensorView } from './sensor-view.js';
import { MetricsServer } from './server.js';
import { registerSinkMetrics } from './sink-metrics.js';

/**
 * The metrics and health endpoints of one `rwxwatch run`. Other components (sinks)
 * add their own metrics to `registry`; everything on it is served at /metrics.
 */
export class Metrics {
  readonly registry: Registry;
  private readonly latency: AlertLatency;

  private constructor(
    registry: Registry,
    private readonly server: MetricsServer,
  ) {
    this.registry = registry;
    this.latency = new AlertLatency(registry);
  }

  /** Listens at once, before the hooks attach; undefined when metrics are off. */
  static async start(config: MetricsConfig, log: Logger): Promise<Metrics | undefined> {
    if (!config.enabled) return undefined;
    const registry = new Registry();

    // CPU, memory, event-loop lag and GC, under their usual process_ and nodejs_ names.
    collectDefaultMetrics({ register: registry });
    const server = await MetricsServer.listen(registry, config.host, config.port);
    log.info({ host: config.host, port: server.port }, 'metrics listening');
    return new Metrics(registry, server);
  }

  /** For the pipeline: called with each alert written. */
  readonly onAlert = (_alert: unknown, match: Pick<Match, 'mprotect' | 'connect'>): void => {
    this.latency.observe(match);
  };

  /** Starts reading the running sensor at scrape time and answering the probes. */
  watch(view: SensorView): void {
    registerKernelMetrics(this.registry, view);
    registerHookMetrics(this.registry, view);
    registerSensorMetrics(this.registry, view);
    this.server.attach(new HealthCheck(view));
  }

  /** Exports each alert sink's counters (written, failed, spooled, dropped, spool bytes). */
  watchSinks(counters: () => Record<string, SinkCounters>): void {
    registerSinkMetrics(this.registry, counters);
  }

  get port(): number {
    return this.server.port;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
