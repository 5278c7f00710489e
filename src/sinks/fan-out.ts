// Hands each alert to every configured sink. A sink that throws, though none should,
// is counted and logged, and the others still get the alert.
import type { EcsAlert } from '../alerts/ecs.js';
import type { AlertSink } from '../alerts/sink.js';
import type { Logger } from '../log/logger.js';
import { newCounters, type SinkCounters } from './counters.js';

/** How long close() waits for all sinks to flush before giving up on the slow ones. */
export const CLOSE_TIMEOUT_MS = 5_000;

export interface NamedSink {
  name: string;
  sink: AlertSink & { readonly counters?: SinkCounters };
}

export class FanOutSink implements AlertSink {
  private readonly thrown = new Map<string, SinkCounters>();

  constructor(
    private readonly sinks: NamedSink[],
    private readonly log: Logger,
    private readonly closeTimeoutMs = CLOSE_TIMEOUT_MS,
  ) {}

  write(alert: EcsAlert): void {
    for (const { name, sink } of this.sinks) {
      try {
        sink.write(alert);
      } catch (error) {
        this.countThrow(name, error);
      }
    }
  }

  /** Each sink's counters by name; a sink without its own counts only what it threw. */
  counters(): Record<string, SinkCounters> {
    const entries = this.sinks.map(({ name, sink }) => {
      const own = sink.counters ?? newCounters();
      const thrown = this.thrown.get(name)?.failed ?? 0;
      return [name, { ...own, failed: own.failed + thrown }] as const;
    });
    return Object.fromEntries(entries);
  }

  /** Flushes every sink at once; one still busy after closeTimeoutMs is left behind. */
  async close(): Promise<void> {
    const pending = new Set(this.sinks.map((s) => s.name));
    const closing = this.sinks.map(({ name, sink }) =>
      sink
        .close()
        .catch((error: unknown) => this.log.warn({ err: error, sink: name }, 'sink close failed'))
        .finally(() => pending.delete(name)),
    );

    await settleWithin(Promise.all(closing), this.closeTimeoutMs);
    if (pending.size > 0) this.log.warn({ sinks: [...pending] }, 'sinks did not close in time');
    this.log.info({ sinks: this.counters() }, 'alert sinks closed');
  }

  private countThrow(name: string, error: unknown): void {
    const counters = this.thrown.get(name) ?? newCounters();
    if (counters.failed === 0) this.log.warn({ err: error, sink: name }, 'sink write threw');

    counters.failed += 1;
    this.thrown.set(name, counters);
  }
}

function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });

  return Promise.race([work.then(() => {}), timeout]).finally(() => clearTimeout(timer));
}
