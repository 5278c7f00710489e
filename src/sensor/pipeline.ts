import { randomUUID } from 'node:crypto';
import { buildAlert } from '../alerts/ecs.js';
import type { AlertSink } from '../alerts/sink.js';
import type { Correlator } from '../correlate/correlator.js';
import { decodeBatch } from '../events/decode.js';
import type { HostInfo } from '../host/host-info.js';
import type { Logger } from '../log/logger.js';

export interface PipelineStats {
  batches: number;
  records: number;
  events: number;
  skipped: number;
  alerts: number;
}

/**
 * What happens to one batch from the kernel: decode, correlate, alert. Runs
 * on the JS thread for every batch, so it does no I/O besides the sink.
 */
export class Pipeline {
  readonly stats: PipelineStats = { batches: 0, records: 0, events: 0, skipped: 0, alerts: 0 };
  // The correlator's overCap total at the end of the previous batch.
  private lastOverCap = 0;

  constructor(
    private readonly correlator: Correlator,
    private readonly sink: AlertSink,
    private readonly host: HostInfo,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  handle(batch: Buffer, records: number, bootToRealtimeNs: bigint): void {
    const { events, skipped } = decodeBatch(batch, bootToRealtimeNs);
    const skippedCount = skipped.truncated + skipped.unknownKind + skipped.malformed;

    this.stats.batches += 1;
    this.stats.records += records;
    this.stats.events += events.length;
    this.stats.skipped += skippedCount;
    this.log.debug({ records, events: events.length, skipped }, 'batch decoded');
    if (skippedCount > 0) this.log.warn({ skipped }, 'kernel records skipped');

    for (const event of events) {
      this.log.trace({ event: { kind: event.kind, pid: event.pid } }, 'event decoded');
      for (const match of this.correlator.push(event)) this.raise(match);
    }
    this.warnOnOverCap();
  }

  // Once per batch, not per refused match, so a burst costs one log line.
  private warnOnOverCap(): void {
    const total = this.correlator.stats().overCap;
    const delta = total - this.lastOverCap;
    this.lastOverCap = total;

    if (delta > 0) this.log.warn({ overCap: delta, total }, 'alerts over the cap');
  }

  private raise(match: Parameters<typeof buildAlert>[0]): void {
    const alert = buildAlert(match, { host: this.host, nowMs: this.now(), id: randomUUID() });

    this.stats.alerts += 1;
    this.sink.write(alert);
    this.log.info({ alertId: alert.event.id, process: { pid: match.key.pid } }, 'alert raised');
  }
}
