import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const BIN = new URL('../../../dist/cli/bin.js', import.meta.url).pathname;

// biome-ignore lint/suspicious/noExplicitAny: alerts and logs are parsed JSON read by tests
export type Json = Record<string, any>;

/**
 * The real sensor as a user runs it (`node dist/cli/bin.js run`), with every
 * stdout line (alerts) and stderr line (logs) parsed and kept.
 */
export class SensorProcess {
  readonly alerts: Json[] = [];
  readonly logs: Json[] = [];
  readonly stdoutNoise: string[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onStdout(line));
    createInterface({ input: child.stderr }).on('line', (line) => this.onStderr(line));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(args: string[] = []): Promise<SensorProcess> {
    const child = spawn(process.execPath, [BIN, 'run', '--log-level', 'debug', ...args]);
    const sensor = new SensorProcess(child);

    const isReady = (): boolean => sensor.findLog('sensor ready') !== undefined;
    // Settles only if the sensor dies first, so a later exit leaves no rejection behind.
    const died = sensor.exited.then((code) => {
      if (isReady()) return;
      const said = sensor.logs.map((line) => line.line ?? line.msg).join('\n');
      throw new Error(`sensor exited with ${code} before it was ready:\n${said}`);
    });

    const ready = sensor.waitFor(isReady, 15_000, 'ready');
    ready.catch(() => {}); // if the sensor died first, its time-out has nobody to tell
    await Promise.race([ready, died]);
    return sensor;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  findLog(msg: string): Json | undefined {
    return this.logs.find((line) => line.msg === msg);
  }

  alertsFor(pid: number): Json[] {
    return this.alerts.filter((alert) => alert.process?.pid === pid);
  }

  /** Resolves once `done()` holds; rejects after `timeoutMs` naming what it waited for. */
  waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(check), 1);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  /** Sends a signal and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }

  private onStdout(line: string): void {
    try {
      this.alerts.push(JSON.parse(line) as Json);
    } catch {
      this.stdoutNoise.push(line);
    }
    this.notify();
  }

  private onStderr(line: string): void {
    try {
      this.logs.push(JSON.parse(line) as Json);
    } catch {
      this.logs.push({ msg: 'unparsed', line });
    }
    this.notify();
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }
}
