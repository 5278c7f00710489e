import { RwxwatchError } from '../errors.js';

/** The metrics listener could not bind its address (in use, not local, no permission). */
export class MetricsListenError extends RwxwatchError {
  readonly code = 'METRICS_LISTEN_FAILED';

  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(`cannot listen for metrics on ${host}:${port}: ${reason}`);
  }
}
