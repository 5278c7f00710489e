// Sends alerts to an Elasticsearch data stream with the bulk API, off the event path:
// write() only queues, one delivery loop sends. Order is kept by one invariant: whatever
// is in the spool is older than whatever is in memory. So the loop drains the spool
// first, and when the memory queue overflows, or a batch cannot be delivered, the whole
// memory queue (a batch in flight included) moves to the end of the spool.

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Client } from '@elastic/elasticsearch';
import type { EcsAlert } from '../../alerts/ecs.js';
import type { AlertSink } from '../../alerts/sink.js';
import type { Logger } from '../../log/logger.js';
import type { ElasticsearchSinkConfig } from '../config.js';
import type { SinkCounters } from '../counters.js';
import type { Spool } from '../spool/spool.js';
import type { BulkOutcome, QueuedAlert } from './bulk.js';
import { dataStreamName } from './client.js';
import { backoffDelay, deliver, pause } from './deliver.js';
import { SpooledBatch } from './spooled-batch.js';

type Options = Pick<
  ElasticsearchSinkConfig,
  'namespace' | 'queueMax' | 'batchMax' | 'retries' | 'backoffMs' | 'maxBackoffMs'
> & { closeTimeoutMs: number };

export class ElasticsearchSink implements AlertSink {
  readonly counters: SinkCounters;
  readonly index: string;
  private queue: QueuedAlert[] = [];
  private inFlight = 0;
  private abandoned = false;
  private closing = false;
  private unreachable = false;
  private failures = 0;
  private wakeUp: () => void = () => {};
  private readonly abort = new AbortController();
  private readonly loop: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly spool: Spool,
    private readonly options: Options,
    private readonly log: Logger,
  ) {
    this.counters = spool.counters;
    this.index = dataStreamName(options.namespace);
    this.loop = this.run();
  }

  write(alert: EcsAlert): void {
    this.queue.push({ id: alert.event.id, line: JSON.stringify(alert) });

    if (this.closing || this.queue.length > this.options.queueMax) this.spill();
    this.wakeUp();
  }

  /**
   * Delivers what it can within closeTimeoutMs; what is left stays in the spool and is
   * delivered by the next run.
   */
  async close(): Promise<void> {
    this.closing = true;
    const deadline = setTimeout(() => this.abort.abort(), this.options.closeTimeoutMs);
    this.wakeUp();

    await this.loop;
    clearTimeout(deadline);
    this.spill();
    await this.spool.settled();
    await this.client.close().catch(() => {});
  }

  // Moves the memory queue, a batch in flight included, to the end of the spool. Such a
  // batch may still reach Elasticsearch; sent again from the spool it comes back 409.
  private spill(): void {
    if (this.queue.length === 0) return;

    this.abandoned = this.inFlight > 0;
    this.inFlight = 0;
    const lines = this.queue.map((alert) => alert.line);
    this.queue = [];
    void this.spool.append(lines);
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.closing && (!this.spool.isEmpty || this.queue.length === 0)) return;

      if (!this.spool.isEmpty) await this.sendSpooled();
      else if (this.queue.length > 0) await this.sendQueued();
      else await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  private async sendQueued(): Promise<void> {
    // Lets the rest of this turn's alerts join the batch.
    await nextTurn();
    const batch = this.queue.slice(0, this.options.batchMax);
    if (batch.length === 0) return;
    this.inFlight = batch.length;
    this.abandoned = false;

    const outcome = await this.send(batch);
    if (this.abandoned) return;

    this.queue.splice(0, batch.length);
    this.inFlight = 0;
    this.account(outcome);
    if (outcome.retry.length > 0) {
      this.queue.unshift(...outcome.retry);
      this.spill();
    }
  }

  private async sendSpooled(): Promise<void> {
    const batch = await SpooledBatch.take(this.spool, this.counters, this.log);
    if (batch === undefined) return;

    while (!batch.done) {
      const outcome = await this.send(batch.next(this.options.batchMax));
      this.account(outcome);
      batch.settle(outcome.retry);
      if (outcome.retry.length === 0) continue;

      if (this.closing) return;
      await pause(backoffDelay(this.options, this.failures), this.abort.signal);
    }
    await batch.remove();
  }

  private send(batch: QueuedAlert[]): Promise<BulkOutcome> {
    const { retries, backoffMs, maxBackoffMs } = this.options;
    const policy = { retries, backoffMs, maxBackoffMs, signal: this.abort.signal };

    return deliver(this.client, this.index, batch, policy);
  }

  private account(outcome: BulkOutcome): void {
    this.counters.written += outcome.delivered;
    this.counters.failed += outcome.rejected.length;
    for (const rejected of outcome.rejected) {
      this.log.warn({ alert: rejected, index: this.index }, 'elasticsearch rejected an alert');
    }

    if (outcome.retry.length === 0) {
      this.reachable();
      return;
    }
    this.failures += 1;
    if (!this.unreachable) {
      const left = outcome.retry.length;
      this.log.warn({ err: outcome.error, index: this.index, left }, 'elasticsearch unreachable');
    }
    this.unreachable = true;
  }

  private reachable(): void {
    if (this.unreachable) this.log.info({ index: this.index }, 'elasticsearch reachable again');

    this.unreachable = false;
    this.failures = 0;
  }
}
