import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cleanup } from '../cleanup.js';
import { type Programs, runToEnd } from '../programs.js';
import { type BenchNet, SINK_PORT } from './net.js';
import { SensorChild } from './sensor-child.js';

// biome-ignore lint/suspicious/noExplicitAny: alerts and log lines are parsed JSON
export type Json = Record<string, any>;

export interface SensorSettings {
  logLevel: 'warn' | 'info' | 'debug';
  /** Written to a JSON file passed with -c. */
  config: Record<string, unknown>;
  /** Every stderr line, as read; the bench parses only those it needs. */
  onLog?: (line: string) => void;
}

export interface ReadAlert {
  alert: Json;
  /** CLOCK_MONOTONIC ns at which the line was read from the sensor's stdout. */
  readNs: bigint;
}

const READY_TIMEOUT_MS = 30_000;
const CANARY_WAIT_MS = 1_000;
const CANARY_RUN_MS = 5_000;
const UNCLAIMED_KEPT = 1_000;
let configFiles = 0;

/** The real CLI (`node dist/cli/bin.js run`), its alerts read off stdout as they come. */
export class BenchSensor extends SensorChild {
  readonly warnings: Json[] = [];
  private readonly waiters = new Map<number, (read: ReadAlert) => void>();
  // Alerts often arrive before the bench has read the trigger's pid and asked for them.
  private readonly unclaimed = new Map<number, ReadAlert>();

  private constructor(
    configFile: string,
    private readonly settings: SensorSettings,
    cleanup: Cleanup,
  ) {
    super(configFile, settings.logLevel, cleanup);
  }

  /** Starts the sensor and resolves once a canary trigger has raised an alert. */
  static async start(
    settings: SensorSettings,
    env: { cleanup: Cleanup; programs: Programs; net: BenchNet },
  ): Promise<BenchSensor> {
    const config = join(env.programs.dir, `sensor-${++configFiles}.json`);
    writeFileSync(config, JSON.stringify(settings.config));

    const sensor = new BenchSensor(config, settings, env.cleanup);
    await sensor.untilCanaryAlerts(env);
    return sensor;
  }

  /** Resolves with the first alert for `pid` read from now on; rejects after `timeoutMs`. */
  alertFor(pid: number, timeoutMs: number): Promise<ReadAlert> {
    const early = this.unclaimed.get(pid);
    if (early !== undefined) {
      this.unclaimed.delete(pid);
      return Promise.resolve(early);
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(pid);
        reject(new Error(`no alert for pid ${pid} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(pid, (read) => {
        clearTimeout(timer);
        resolve(read);
      });
    });
  }

  peakRssKb(): number {
    return this.statusKb('VmHWM');
  }

  rssKb(): number {
    return this.statusKb('VmRSS');
  }

  // Hooks attach a moment after start; a canary before that raises nothing, so
  // canaries repeat until one is seen end to end.
  private async untilCanaryAlerts(env: { programs: Programs; net: BenchNet }): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    const [command, args] = env.net.inClient(env.programs.path('alert-trigger'), [
      env.net.serverV4,
      `${SINK_PORT}`,
    ]);

    while (Date.now() < deadline) {
      this.livePid();
      const pid = Number((await runCanary(command, args)).split(' ')[0]);
      const seen = await this.alertFor(pid, CANARY_WAIT_MS).then(
        () => true,
        () => false,
      );
      if (seen) return;
    }
    throw this.failure(`no canary alert within ${READY_TIMEOUT_MS} ms`);
  }

  protected onAlertLine(line: string): void {
    // process.hrtime is CLOCK_MONOTONIC, the clock the trigger reads: one clock for
    // every process, and no step when the wall clock is corrected.
    const readNs = process.hrtime.bigint();

    let alert: Json;
    try {
      alert = JSON.parse(line) as Json;
    } catch {
      return; // stdout should carry alerts only; a stray line is counted, not fatal
    }
    const pid = alert.process?.pid as number;
    const waiter = this.waiters.get(pid);
    if (waiter !== undefined) {
      this.waiters.delete(pid);
      waiter({ alert, readNs });
      return;
    }
    this.unclaimed.set(pid, { alert, readNs });
    if (this.unclaimed.size > UNCLAIMED_KEPT) this.unclaimed.delete(firstKey(this.unclaimed));
  }

  // Warn and above (pino levels 40, 50, 60) are kept for the report; the rest only
  // go to the part that asked for them.
  protected onLogLine(line: string): void {
    this.settings.onLog?.(line);
    if (!/"level":[456]0/.test(line)) return;
    try {
      this.warnings.push(JSON.parse(line) as Json);
    } catch {
      this.warnings.push({ msg: line }); // cut short, or only looks like a pino line
    }
  }
}

async function runCanary(command: string, args: string[]): Promise<string> {
  return (await runToEnd(command, args, CANARY_RUN_MS)).stdout;
}

function firstKey<K>(map: Map<K, unknown>): K {
  return map.keys().next().value as K;
}
