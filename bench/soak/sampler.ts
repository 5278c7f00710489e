// Samples the sensor every few seconds while the load runs: RSS from /proc/<pid>/status
// (what the kernel charges), and from /metrics the V8 heap, the correlator's size and
// the alert count. A failed scrape leaves its fields NaN; the RSS read is never skipped.
import { sleep } from '../env/bench-env.js';
import { summariseMetrics } from './metrics-summary.js';
import type { SoakSensor } from './sensor.js';

export interface SoakSample {
  /** Milliseconds since the load started. */
  atMs: number;
  rssKb: number;
  heapUsedBytes: number;
  correlatorKeys: number;
  alertsTotal: number;
}

export class Sampler {
  readonly samples: SoakSample[] = [];
  /** Why sampling ended early (the sensor went away), if it did. */
  error: Error | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly sensor: SoakSensor,
    private readonly periodMs: number,
  ) {}

  start(startMs: number): void {
    this.running = this.loop(startMs).catch((error: Error) => {
      this.error = error;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(startMs: number): Promise<void> {
    for (let next = startMs; !this.stopped; next += this.periodMs) {
      await sleep(Math.max(0, next - Date.now()));
      if (this.stopped) return;
      this.samples.push(await this.sample(Date.now() - startMs));
    }
  }

  private async sample(atMs: number): Promise<SoakSample> {
    const rssKb = this.sensor.statusKb('VmRSS');
    const metrics = await this.sensor.metrics().then(summariseMetrics, () => undefined);

    return {
      atMs,
      rssKb,
      heapUsedBytes: metrics?.heapUsedBytes ?? Number.NaN,
      correlatorKeys: metrics?.correlatorKeys ?? Number.NaN,
      alertsTotal: metrics?.alertsTotal ?? Number.NaN,
    };
  }
}
