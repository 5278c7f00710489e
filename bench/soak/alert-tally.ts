// Sorts the sensor's alerts by who raised them. The sensor watches the whole host, and
// other work on it (tests, benches) raises alerts of its own, so an alert counts for the
// soak only when the kernel-reported pid or parent pid is one the soak started.

export type AlertClass = 'expected' | 'duplicate' | 'falsePositive' | 'canary' | 'outside';

export interface AlertCounts {
  /** First alert of a process the alerting workload forked. */
  expected: number;
  /** A second alert for the same process. */
  duplicate: number;
  /** An alert from a workload that never does both steps. */
  falsePositive: number;
  canary: number;
  /** Processes the soak did not start. */
  outside: number;
}

interface AlertProcess {
  pid?: number;
  entity_id?: string;
  parent?: { pid?: number };
}

export class AlertTally {
  readonly counts: AlertCounts = {
    expected: 0,
    duplicate: 0,
    falsePositive: 0,
    canary: 0,
    outside: 0,
  };
  private readonly alertingParents = new Set<number>();
  private readonly silentPids = new Set<number>();
  private readonly canaries = new Set<number>();
  private readonly alerted = new Set<string>();
  private readonly canariesSeen = new Set<number>();

  /** Every child of `pid` should raise exactly one alert. */
  expectChildrenToAlert(pid: number): void {
    this.alertingParents.add(pid);
  }

  /** Neither `pid` nor its children should raise any alert. */
  expectSilence(pid: number): void {
    this.silentPids.add(pid);
  }

  expectCanary(pid: number): void {
    this.canaries.add(pid);
  }

  canarySeen(pid: number): boolean {
    return this.canariesSeen.has(pid);
  }

  record(alert: { process?: AlertProcess }): AlertClass {
    const kind = this.classify(alert.process ?? {});
    this.counts[kind] += 1;
    return kind;
  }

  private classify(process: AlertProcess): AlertClass {
    const { pid = -1, parent } = process;
    const parentPid = parent?.pid ?? -1;

    if (this.canaries.has(pid)) {
      this.canariesSeen.add(pid);
      return 'canary';
    }
    if (this.silentPids.has(pid) || this.silentPids.has(parentPid)) return 'falsePositive';
    if (!this.alertingParents.has(parentPid)) return 'outside';

    // pid alone could repeat over a long soak; the entity id includes the start time.
    const key = process.entity_id ?? `${pid}`;
    if (this.alerted.has(key)) return 'duplicate';
    this.alerted.add(key);
    return 'expected';
  }
}
