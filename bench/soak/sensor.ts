// The real CLI (`node dist/cli/bin.js run`) with its metrics listener on a free loopback
// port. Alerts are read off stdout into the tally; warn-and-above log lines are kept.
import { get } from 'node:http';
import type { BenchEnv } from '../env/bench-env.js';
import { sleep } from '../env/bench-env.js';
import { SINK_PORT } from '../env/net.js';
import { SensorChild } from '../env/sensor-child.js';
import type { AlertTally } from './alert-tally.js';
import { launch } from './child.js';
import { type PromSample, parsePrometheus } from './prometheus.js';

const READY_TIMEOUT_MS = 30_000;
const CANARY_WAIT_MS = 1_000;
const CANARY_RUN_MS = 5_000;
const SCRAPE_TIMEOUT_MS = 5_000;
const WARNINGS_KEPT = 20;

export class SoakSensor extends SensorChild {
  /** The first WARNINGS_KEPT warn-or-above log lines; warningCount counts all. */
  readonly warnings: string[] = [];
  warningCount = 0;
  /** warningCount when the soak sent SIGINT: the rest were logged while shutting down. */
  warningsBeforeStop: number | undefined;
  private port: number | undefined;

  private constructor(
    configFile: string,
    private readonly tally: AlertTally,
    env: BenchEnv,
  ) {
    super(configFile, 'info', env.cleanup);
  }

  /** Starts the sensor; resolves once /metrics answers and a canary has raised an alert. */
  static async start(configFile: string, tally: AlertTally, env: BenchEnv): Promise<SoakSensor> {
    const sensor = new SoakSensor(configFile, tally, env);
    await sensor.untilReady(env);
    return sensor;
  }

  async metrics(): Promise<PromSample[]> {
    if (this.port === undefined) throw new Error('metrics port not known yet');
    return parsePrometheus(await fetchText(`http://127.0.0.1:${this.port}/metrics`));
  }

  override stop(): Promise<number | null> {
    this.warningsBeforeStop = this.warningCount;
    return super.stop();
  }

  // Hooks attach a moment after start; canaries repeat until one is seen end to end.
  private async untilReady(env: BenchEnv): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const trigger = env.programs.path('alert-trigger');
    const [command, args] = env.net.inClient(trigger, [env.net.serverV4, `${SINK_PORT}`]);

    while (Date.now() < deadline) {
      this.livePid();
      if (this.port === undefined) {
        await sleep(100);
        continue;
      }
      const canary = launch(command, args, env.cleanup, CANARY_RUN_MS);
      this.tally.expectCanary(canary.pid);
      await canary.done;
      if (await this.until(() => this.tally.canarySeen(canary.pid), CANARY_WAIT_MS)) return;
    }
    throw this.failure(`no metrics port or canary alert within ${READY_TIMEOUT_MS} ms`);
  }

  private async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  protected onAlertLine(line: string): void {
    try {
      this.tally.record(JSON.parse(line));
    } catch {
      // stdout should carry alerts only; a stray line is not the soak's to judge
    }
  }

  protected onLogLine(line: string): void {
    if (this.port === undefined && line.includes('"msg":"metrics listening"')) {
      this.port = Number(/"port":(\d+)/.exec(line)?.[1]);
    }
    // pino levels 40, 50 and 60: warn, error, fatal.
    if (!/"level":[456]0/.test(line)) return;
    this.warningCount += 1;
    if (this.warnings.length < WARNINGS_KEPT) this.warnings.push(line);
  }
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: SCRAPE_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer`)));
    request.on('error', reject);
  });
}
