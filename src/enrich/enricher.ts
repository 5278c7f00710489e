// Who did it: the one object the pipeline asks about processes. It reads /proc when a
// process is first seen, so a process that exits right after its connection still has an
// executable, arguments and container in its alert, and forgets it when the kernel
// reports the exit.
import { join } from 'node:path';
import type { Match } from '../correlate/types.js';
import type { ExitEvent, SensorEvent } from '../events/types.js';
import { Accounts } from './accounts.js';
import { CgroupIndex } from './cgroup-index.js';
import { describeProcess } from './describe.js';
import { readProcess } from './proc-reader.js';
import { ProcessCache, type ProcessCacheStats } from './process-cache.js';
import type { AlertProcessContext, ProcessSnapshot, ReadOn } from './types.js';

export interface EnricherOptions {
  /** procfs of the initial pid namespace; in a container, the host's (`/host/proc`). */
  procRoot?: string;
  /** The host's root filesystem, for its /etc/passwd and /etc/group; `/host` in a container. */
  hostRoot?: string;
  /** The host's cgroup v2 hierarchy; `<hostRoot>/sys/fs/cgroup` by default. */
  cgroupRoot?: string;
  /** Processes remembered; PROCESS_CACHE_ENTRIES by default. */
  cacheSize?: number;
  /** Wall-clock ms. */
  now?: () => number;
}

export interface EnricherStats extends ProcessCacheStats {
  /** Alerts described from the snapshot taken at the process's first event. */
  hits: number;
  /** Alerts that had to read /proc when raised (snapshot evicted or never taken). */
  misses: number;
  /** Snapshots read from /proc, at first events and at alerts. */
  reads: number;
}

export class Enricher {
  private readonly procRoot: string;
  private readonly now: () => number;
  private readonly cache: ProcessCache<ProcessSnapshot>;
  private readonly accounts: Accounts;
  private readonly cgroups: CgroupIndex;
  private readonly counts = { hits: 0, misses: 0, reads: 0 };

  constructor(options: EnricherOptions = {}) {
    const hostRoot = options.hostRoot ?? '/';

    this.procRoot = options.procRoot ?? '/proc';
    this.now = options.now ?? Date.now;
    this.cache = new ProcessCache(options.cacheSize);
    this.accounts = new Accounts(hostRoot, this.now);
    const cgroupRoot = options.cgroupRoot ?? join(hostRoot, 'sys', 'fs', 'cgroup');
    this.cgroups = new CgroupIndex(cgroupRoot, this.now);
  }

  /** Call for every event, before correlating it. One map lookup once a process is known. */
  observe(event: SensorEvent): void {
    const cached = this.cache.get(event.pid, event.startNs);
    if (cached !== undefined && sameProgram(cached, event)) return;

    // New, or it ran another program since: what /proc says now is about this event.
    this.cache.set(event.pid, event.startNs, this.read(event, 'first_event'));
  }

  /**
   * The executable path for exclusions, from the same snapshot the alert will use, so
   * /proc/<pid>/exe is read once per process; undefined when it could not be read.
   */
  resolve(event: SensorEvent): string | undefined {
    this.observe(event);
    const executable = this.cache.get(event.pid, event.startNs)?.executable;
    return executable?.ok ? executable.value : undefined;
  }

  /** Call for every exit the kernel reports, after the events of the same batch. */
  forget(exit: ExitEvent): void {
    this.cache.forget(exit.pid, exit.startNs);
  }

  /** Never throws: what cannot be known is listed in `enrichment.missing`. */
  describe(match: Match, bootToRealtimeNs: bigint): AlertProcessContext {
    const snapshot = this.snapshotFor(match.mprotect);

    return describeProcess({
      match,
      bootToRealtimeNs,
      snapshot,
      accounts: this.accounts,
      cgroups: this.cgroups,
    });
  }

  stats(): EnricherStats {
    return { ...this.cache.stats(), ...this.counts };
  }

  private snapshotFor(event: SensorEvent): ProcessSnapshot {
    const cached = this.cache.get(event.pid, event.startNs);
    if (cached !== undefined && sameProgram(cached, event)) {
      this.counts.hits += 1;
      return cached;
    }

    this.counts.misses += 1;
    const fresh = this.read(event, 'alert');
    // A snapshot of the program the process runs now stays for its later events.
    if (cached === undefined) this.cache.set(event.pid, event.startNs, fresh);
    return fresh;
  }

  private read(event: SensorEvent, readOn: ReadOn): ProcessSnapshot {
    const { pid, startNs, name, context } = event;
    this.counts.reads += 1;

    const target = { pid, startNs, name, exeName: context?.exeName, ppid: context?.ppid };
    return readProcess({ procRoot: this.procRoot, target, readOn, nowMs: this.now() });
  }
}

// execve keeps pid and start time but resets the name and the executable.
function sameProgram(snapshot: ProcessSnapshot, event: SensorEvent): boolean {
  return snapshot.name === event.name && snapshot.exeName === event.context?.exeName;
}
