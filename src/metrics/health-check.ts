import { type HealthInput, type HealthReport, liveness, readiness } from './health.js';
import { PollerWatch, stallLimitMs } from './poller-watch.js';
import type { SensorView } from './sensor-view.js';

/** Answers /healthz and /readyz from fresh kernel and poller readings. */
export class HealthCheck {
  private readonly poller: PollerWatch;
  private readonly limitMs: number;

  constructor(
    private readonly view: Pick<SensorView, 'native' | 'links' | 'pollIntervalMs'>,
    now: () => number = Date.now,
  ) {
    this.poller = new PollerWatch(now);
    this.limitMs = stallLimitMs(view.pollIntervalMs);
  }

  liveness(): HealthReport {
    return liveness(this.read());
  }

  readiness(): HealthReport {
    return readiness(this.read());
  }

  private read(): HealthInput {
    const transport = this.view.native.transport();
    const links = this.view.links.check();

    return {
      links,
      transport,
      stillForMs: this.poller.stillForMs(transport),
      limitMs: this.limitMs,
    };
  }
}
