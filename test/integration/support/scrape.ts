import type { SensorProcess } from './sensor-process.js';

/** A Prometheus text page, read one sample at a time. */
export class Scrape {
  private constructor(private readonly lines: string[]) {}

  /** Reads the sensor's /metrics; it must run with `metrics: { enabled: true, port: 0 }`. */
  static async of(sensor: SensorProcess): Promise<Scrape> {
    const port: number | undefined = sensor.findLog('metrics listening')?.port;
    if (port === undefined) throw new Error('the sensor logged no metrics port');

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    return new Scrape((await response.text()).split('\n'));
  }

  /** The value of `name{labels}`, labels in the order the metric declares them. */
  value(name: string, labels: Record<string, string> = {}): number {
    const pairs = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    const series = pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
    const line = this.lines.find((l) => l.startsWith(`${series} `));
    if (line === undefined) throw new Error(`no sample ${series} in /metrics`);

    return Number(line.slice(series.length + 1));
  }

  /** Events the kernel lost for `hooks`, every reason summed. */
  kernelDrops(hooks: string[]): number {
    const reasons = ['ringbuf_full', 'state_full', 'read_failed'];
    const name = 'rwxwatch_kernel_events_dropped_total';

    return hooks
      .flatMap((hook) => reasons.map((reason) => this.value(name, { hook, reason })))
      .reduce((sum, n) => sum + n, 0);
  }
}
