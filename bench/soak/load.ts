// The mixed load: four workloads side by side until a deadline, each a loop of short
// runs of the bench's C programs (bench/c). Connections go only to the veth peer in the
// soak's private namespaces (198.51.100.2, 2001:db8::2) or to loopback.
import type { BenchEnv } from '../env/bench-env.js';
import { sleep } from '../env/bench-env.js';
import { SINK_PORT } from '../env/net.js';
import type { AlertTally } from './alert-tally.js';
import { type ChildExit, launch } from './child.js';

export const WORKLOADS = ['alerting', 'storm', 'loopback', 'churn'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface WorkloadCounts {
  /** Programs the soak started (each may fork more). */
  runs: number;
  /** Processes, counting forked children. */
  processes: number;
  /** Operations: RWX+connect pairs, RWX calls, loopback connections, processes. */
  operations: number;
  expectedAlerts: number;
  failedRuns: number;
}

/** TestNet's server side: the sink listens on every address of that namespace. */
const SERVER_V6 = '2001:db8::2';
const PERIOD_MS = 1_000;
const STORM_SEGMENT_MS = 30_000;
const STORM_RWX_PER_S = 20_000;
const LOOPBACK_CONNECTIONS = 500;
const CHURN_PER_PERIOD = 20;
/** A run that takes this much longer than planned is killed (and counted as failed). */
const RUN_GRACE_MS = 60_000;
const ERRORS_KEPT = 20;

// One loop iteration forks CHURN_PER_PERIOD processes that only call getppid.
const CHURN_SCRIPT =
  'i=0; while [ "$i" -lt "$2" ]; do "$1" getppid 100 >/dev/null || exit 1; \
i=$((i+1)); done';

export class MixedLoad {
  readonly counts = Object.fromEntries(WORKLOADS.map((w) => [w, noCounts()])) as Record<
    Workload,
    WorkloadCounts
  >;
  /** The first ERRORS_KEPT failures, for the report; failedRuns counts all of them. */
  readonly errors: string[] = [];

  constructor(
    private readonly env: BenchEnv,
    private readonly tally: AlertTally,
    private readonly spawnPerS: number,
  ) {}

  /** Runs every workload until `deadlineMs` or until `stop` aborts; resolves when all end. */
  async run(deadlineMs: number, stop: AbortSignal): Promise<void> {
    const going = () => Date.now() < deadlineMs && !stop.aborted;

    await Promise.all([
      this.loop(going, (i) => this.alerting(i)),
      this.loop(going, () => this.storm(Math.min(STORM_SEGMENT_MS, deadlineMs - Date.now()))),
      this.loop(going, () => this.loopback()),
      this.loop(going, () => this.churn()),
    ]);
  }

  expectedAlerts(): number {
    return this.counts.alerting.expectedAlerts;
  }

  private async loop(going: () => boolean, once: (i: number) => Promise<void>): Promise<void> {
    for (let i = 0; going(); i++) {
      const startMs = Date.now();
      await once(i);
      await sleep(Math.max(0, PERIOD_MS - (Date.now() - startMs)));
    }
  }

  // spawn-tracked forks one child per alert: RWX mprotect, connect, exit. Batches
  // alternate between the IPv4 and IPv6 address of the peer.
  private async alerting(i: number): Promise<void> {
    const address = i % 2 === 0 ? this.env.net.serverV4 : SERVER_V6;
    const count = String(this.spawnPerS);
    const args = [count, address, String(SINK_PORT)];
    const run = this.start('alerting', this.env.net.inClient(this.path('spawn-tracked'), args));
    this.tally.expectChildrenToAlert(run.pid);

    const exit = await run.done;
    const [ns, failed] = exit.stdout.trim().split(' ').map(Number);
    if (ns === undefined || failed === undefined || Number.isNaN(failed)) {
      this.fail('alerting', exit);
      return;
    }
    const made = this.spawnPerS - failed;
    this.add('alerting', this.spawnPerS + 1, made, made);
    if (failed > 0) this.fail('alerting', exit);
  }

  // One process making RWX mprotect calls and never connecting: no alert, and with
  // kernel aggregation mostly counted in the kernel rather than sent.
  private async storm(segmentMs: number): Promise<void> {
    if (segmentMs <= 0) return;
    const args = [String(STORM_RWX_PER_S), String(Math.round(segmentMs))];
    const run = this.start('storm', [this.path('rwx-flood'), args]);
    this.tally.expectSilence(run.pid);

    const exit = await run.done;
    const made = Number(exit.stdout.trim().split(' ')[0]);
    if (exit.code !== 0 || Number.isNaN(made)) this.fail('storm', exit);
    else this.add('storm', 1, made, 0);
  }

  // Connections to a listener on 127.0.0.1 inside the client namespace: excluded.
  private async loopback(): Promise<void> {
    const args = ['loopback', String(LOOPBACK_CONNECTIONS)];
    const run = this.start('loopback', this.env.net.inClient(this.path('syscalls'), args));
    this.tally.expectSilence(run.pid);

    const exit = await run.done;
    // syscalls runs a tenth more untimed first.
    if (exit.code !== 0) this.fail('loopback', exit);
    else this.add('loopback', 1, Math.round(LOOPBACK_CONNECTIONS * 1.1), 0);
  }

  // Plain process churn: short processes that do nothing the rule looks at.
  private async churn(): Promise<void> {
    const script = ['-c', CHURN_SCRIPT, 'sh', this.path('syscalls'), `${CHURN_PER_PERIOD}`];
    const run = this.start('churn', ['sh', script]);
    this.tally.expectSilence(run.pid);

    const exit = await run.done;
    if (exit.code !== 0) this.fail('churn', exit);
    else this.add('churn', CHURN_PER_PERIOD + 1, CHURN_PER_PERIOD + 1, 0);
  }

  private start(workload: Workload, [command, args]: [string, string[]]) {
    this.counts[workload].runs += 1;
    return launch(command, args, this.env.cleanup, PERIOD_MS + STORM_SEGMENT_MS + RUN_GRACE_MS);
  }

  private path(name: 'spawn-tracked' | 'rwx-flood' | 'syscalls'): string {
    return this.env.programs.path(name);
  }

  private add(workload: Workload, processes: number, operations: number, alerts: number): void {
    const counts = this.counts[workload];
    counts.processes += processes;
    counts.operations += operations;
    counts.expectedAlerts += alerts;
  }

  private fail(workload: Workload, exit: ChildExit): void {
    this.counts[workload].failedRuns += 1;
    if (this.errors.length >= ERRORS_KEPT) return;
    const why = exit.stderr.trim().split('\n').slice(-1)[0] ?? '';
    this.errors.push(`${workload} run ${exit.pid}: ${exit.code ?? exit.signal} ${why}`);
  }
}

function noCounts(): WorkloadCounts {
  return { runs: 0, processes: 0, operations: 0, expectedAlerts: 0, failedRuns: 0 };
}
