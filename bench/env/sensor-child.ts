// What the bench and the soak both do with the real CLI (`node dist/cli/bin.js run`):
// start it with a config file, read its stdout (alerts) and stderr (logs) line by line,
// keep its last log lines for error messages, read its CPU and memory from /proc, and
// stop it as a user would. Each subclass decides what an alert or a log line means.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Cleanup } from '../cleanup.js';
import { SENSOR_BIN } from '../paths.js';
import { killIfAlive } from '../programs.js';
import { cpuMs, resetPeakRss, statusKb } from './proc-stats.js';

const STOP_TIMEOUT_MS = 10_000;
const STDERR_KEPT = 20;

export abstract class SensorChild {
  readonly exited: Promise<number | null>;
  private readonly recentStderr: string[] = [];
  protected readonly child: ChildProcessWithoutNullStreams;

  /** Starts the sensor; cleanup kills it if the run ends while it is still alive. */
  protected constructor(configFile: string, logLevel: string, cleanup: Cleanup) {
    const args = [SENSOR_BIN, 'run', '-c', configFile, '--log-level', logLevel];
    this.child = spawn(process.execPath, args);
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onAlertLine(line));
    createInterface({ input: this.child.stderr }).on('line', (line) => this.readLogLine(line));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));

    const forget = cleanup.add('sensor', () => killIfAlive(this.child));
    this.exited.then(forget);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The pid, or an error with the sensor's last words if it has exited. */
  livePid(): number {
    const { exitCode, signalCode } = this.child;
    if (exitCode !== null || signalCode !== null) {
      throw this.failure(`sensor exited (${exitCode ?? signalCode})`);
    }
    return this.pid;
  }

  cpuMs(): number {
    return cpuMs(this.livePid());
  }

  statusKb(field: 'VmRSS' | 'VmHWM'): number {
    return statusKb(this.livePid(), field);
  }

  resetPeakRss(): void {
    resetPeakRss(this.livePid());
  }

  /** SIGINT, as a user stops it; SIGKILL if it has not exited in time. */
  async stop(): Promise<number | null> {
    this.child.kill('SIGINT');
    const timer = setTimeout(() => killIfAlive(this.child), STOP_TIMEOUT_MS);

    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  protected failure(what: string): Error {
    return new Error(`${what}; the sensor's last log lines:\n${this.recentStderr.join('\n')}`);
  }

  /** One line of stdout: an alert, unless something else wrote there. */
  protected abstract onAlertLine(line: string): void;

  /** One line of stderr: a pino log line, unless cut short. */
  protected abstract onLogLine(line: string): void;

  private readLogLine(line: string): void {
    this.recentStderr.push(line);
    if (this.recentStderr.length > STDERR_KEPT) this.recentStderr.shift();
    this.onLogLine(line);
  }
}
