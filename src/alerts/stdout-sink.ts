import type { Writable } from 'node:stream';
import type { EcsAlert } from './ecs.js';
import type { AlertSink } from './sink.js';

/**
 * One ECS document per line, for log shippers. stdout carries alerts and
 * nothing else, so `rwxwatch run > alerts.ndjson` is a valid NDJSON file.
 */
export class StdoutSink implements AlertSink {
  constructor(private readonly out: Writable = process.stdout) {}

  write(alert: EcsAlert): void {
    this.out.write(`${JSON.stringify(alert)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.out.writableNeedDrain) this.out.once('drain', resolve);
      else resolve();
    });
  }
}
