import type { Writable } from 'node:stream';
import type { EcsAlert } from '../alerts/ecs-alert.js';
import type { AlertSink } from '../alerts/sink.js';
import { alertSummary } from './alert-summary.js';

/**
 * Forwards every alert and writes its one-line summary for a person watching the
 * terminal. Alerts stay on their own sink untouched; the summary goes to stderr.
 */
export class SummarySink implements AlertSink {
  constructor(
    private readonly inner: AlertSink,
    private readonly out: Pick<Writable, 'write'> = process.stderr,
  ) {}

  write(alert: EcsAlert): void {
    this.inner.write(alert);
    this.out.write(`${alertSummary(alert)}\n`);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Adds summaries only when stderr is a terminal; piped stderr stays pure JSON logs. */
export function summariseOnTerminal(
  sink: AlertSink,
  stderr: Pick<Writable, 'write'> & { isTTY?: boolean } = process.stderr,
): AlertSink {
  return stderr.isTTY === true ? new SummarySink(sink, stderr) : sink;
}
