import type { Writable } from 'node:stream';
import { newCounters, type SinkCounters } from '../sinks/counters.js';
import type { EcsAlert } from './ecs.js';
import type { AlertSink } from './sink.js';

/**
 * One ECS document per line, for log shippers. stdout carries alerts and
 * nothing else, so `rwxwatch run > alerts.ndjson` is a valid NDJSON file.
 */
export class StdoutSink implements AlertSink {
  /** `written` counts lines handed to the stream; a closed pipe shows as `failed`. */
  readonly counters: SinkCounters = newCounters();

  constructor(private readonly out: Writable = process.stdout) {}

  write(alert: EcsAlert): void {
    if (this.out.writableEnded || this.out.destroyed) {
      this.counters.failed += 1;
      return;
    }
    this.out.write(`${JSON.stringify(alert)}\n`);
    this.counters.written += 1;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.out.writableNeedDrain) this.out.once('drain', resolve);
      else resolve();
    });
  }
}
