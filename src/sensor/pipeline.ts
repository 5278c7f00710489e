import { randomUUID } from 'node:crypto';
import { buildAlert, type EcsAlert } from '../alerts/ecs.js';
import type { AlertSink } from '../alerts/sink.js';
import type { Correlator } from '../correlate/correlator.js';
import type { Match } from '../correlate/types.js';
import type { Enricher } from '../enrich/enricher.js';
import { decodeBatch } from '../events/decode.js';
import type { ExecutableResolver } from '../events/executable.js';
import type { SensorEvent } from '../events/types.js';
import type { HostContext } from '../host/host-info.js';
import type { Logger } from '../log/logger.js';
import type { LossInWindow } from './loss-ledger.js';

export interface PipelineStats {
  batches: number;
  records: number;
  events: number;
  skipped: number;
  alerts: number;
}

export interface PipelineParts {
  correlator: Correlator;
  sink: AlertSink;
  host: HostContext;
  log: Logger;
  now?: () => number;
  /**
   * Present only when executable exclusions are configured: reading /proc per event is
   * not free, and without such exclusions nothing needs the path.
   */
  executables?: Pick<ExecutableResolver, 'resolve'>;
  /** Sees each decoded event before the correlator does (`run --record`). Must not throw. */
  onEvent?: (event: SensorEvent) => void;
  /** Who did it (src/enrich); absent in tests that only look at detection. */
  enricher?: Pick<Enricher, 'observe' | 'forget' | 'describe'>;
  /** Events lost in the look-back that ends now, if any (src/sensor/loss-ledger.ts). */
  lossInLookback?: () => LossInWindow | undefined;
  /** Sees each alert once the sink has it (metrics: alert latency). Must not throw. */
  onAlert?: (alert: EcsAlert, match: Match) => void;
}

/**
 * What happens to one batch from the kernel: decode, correlate, alert. Runs on the JS
 * thread for every batch. Besides the sink, its only I/O is the enricher's procfs reads
 * on a process's first event, which procfs answers from memory.
 */
export class Pipeline {
  readonly stats: PipelineStats = { batches: 0, records: 0, events: 0, skipped: 0, alerts: 0 };
  // The correlator's totals at the end of the previous batch.
  private last = { overCap: 0, evicted: 0 };
  private readonly now: () => number;

  constructor(private readonly parts: PipelineParts) {
    this.now = parts.now ?? Date.now;
  }

  handle(batch: Buffer, records: number, bootToRealtimeNs: bigint): void {
    const { correlator, enricher, executables, onEvent } = this.parts;
    const { events, exits, skipped } = decodeBatch(batch, bootToRealtimeNs);
    const skippedCount = skipped.truncated + skipped.unknownKind + skipped.malformed;

    this.stats.batches += 1;
    this.stats.records += records;
    this.stats.events += events.length;
    this.stats.skipped += skippedCount;
    this.log.debug({ records, events: events.length, skipped }, 'batch decoded');
    if (skippedCount > 0) this.log.warn({ skipped }, 'kernel records skipped');

    for (const event of events) {
      this.log.trace({ event: { kind: event.kind, pid: event.pid } }, 'event decoded');
      if (executables !== undefined) event.executable = executables.resolve(event);
      enricher?.observe(event);
      onEvent?.(event);
      for (const match of correlator.push(event)) this.raise(match, bootToRealtimeNs);
    }
    // After the batch's events: an alert in this batch may still need what was read.
    for (const exit of exits) enricher?.forget(exit);
    this.warnOnRefusals();
  }

  private get log(): Logger {
    return this.parts.log;
  }

  // Once per batch, not per refused match or evicted key, so a burst costs one log line.
  private warnOnRefusals(): void {
    const { overCap, evicted } = this.parts.correlator.stats();
    const last = this.last;
    this.last = { overCap, evicted };

    if (overCap > last.overCap) {
      this.log.warn({ overCap: overCap - last.overCap, total: overCap }, 'alerts over the cap');
    }
    if (evicted > last.evicted) {
      const delta = evicted - last.evicted;
      this.log.warn({ evicted: delta, total: evicted }, 'process state evicted at its limit');
    }
  }

  private raise(match: Match, bootToRealtimeNs: bigint): void {
    const { host, enricher, sink, lossInLookback } = this.parts;
    const process = enricher?.describe(match, bootToRealtimeNs);
    const loss = lossInLookback?.();
    const alert = buildAlert(match, { host, nowMs: this.now(), id: randomUUID(), process, loss });

    this.stats.alerts += 1;
    sink.write(alert);
    this.parts.onAlert?.(alert, match);
    this.log.info({ alertId: alert.event.id, process: { pid: match.key.pid } }, 'alert raised');
  }
}
