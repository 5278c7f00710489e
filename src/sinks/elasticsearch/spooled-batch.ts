import type { Logger } from '../../log/logger.js';
import type { SinkCounters } from '../counters.js';
import type { Spool } from '../spool/spool.js';
import type { QueuedAlert } from './bulk.js';

/**
 * The spool's oldest segment while it is being delivered. What was sent and delivered
 * or rejected is forgotten; what must be sent again stays at the front, in order. The
 * segment leaves the disk only once all of it is settled, so a crash part-way sends
 * it again, and Elasticsearch answers 409 for what it already has.
 */
export class SpooledBatch {
  private sent = 0;

  private constructor(
    private readonly spool: Spool,
    private readonly seq: number,
    private pending: QueuedAlert[],
  ) {}

  static async take(
    spool: Spool,
    counters: SinkCounters,
    log: Logger,
  ): Promise<SpooledBatch | undefined> {
    const segment = await spool.takeOldest();
    if (segment === undefined) return undefined;

    const alerts = segment.lines.map(parseLine);
    const unreadable = alerts.filter((a) => a === undefined).length;
    if (unreadable > 0) {
      counters.failed += unreadable;
      log.warn({ dir: spool.dir, lost: unreadable }, 'spooled alerts unreadable');
    }
    const readable = alerts.filter((a): a is QueuedAlert => a !== undefined);
    return new SpooledBatch(spool, segment.seq, readable);
  }

  get done(): boolean {
    return this.pending.length === 0;
  }

  next(max: number): QueuedAlert[] {
    const batch = this.pending.slice(0, max);
    this.sent = batch.length;
    return batch;
  }

  /** `retry` are the alerts of the last batch to send again. */
  settle(retry: QueuedAlert[]): void {
    this.pending = [...retry, ...this.pending.slice(this.sent)];
    this.sent = 0;
  }

  remove(): Promise<void> {
    return this.spool.remove(this.seq);
  }
}

// A line cut short by a crash during an append does not parse; it is counted as lost.
function parseLine(line: string): QueuedAlert | undefined {
  try {
    const id = (JSON.parse(line) as { event?: { id?: unknown } }).event?.id;
    return typeof id === 'string' ? { id, line } : undefined;
  } catch {
    return undefined;
  }
}
