// The alert document rwxwatch emits: plain JSON, every object nested, ECS field names
// plus an `rwxwatch` object for what ECS has no field for.
import type { Threat } from '../rules/rwx-network.js';

interface ThreadRef {
  id: number;
  name: string;
}

interface Endpoint {
  ip: string;
  port: number;
}

interface Account {
  id: string;
  name?: string;
}

/** Past pid, name and thread, present only when the alert was enriched (src/enrich). */
export interface EcsProcess {
  pid: number;
  name: string;
  thread: ThreadRef;
  entity_id?: string;
  start?: string;
  executable?: string;
  args?: string[];
  /** The real count, which may exceed args.length when args were cut. */
  args_count?: number;
  working_directory?: string;
  /** The pid inside the process's own pid namespace (a container sees this one). */
  vpid?: number;
  parent?: { pid: number; name?: string; executable?: string };
}

export interface EcsHost {
  id: string;
  name: string;
  os?: {
    type: 'linux';
    name?: string;
    version?: string;
    family?: string;
    platform?: string;
    full?: string;
    kernel?: string;
  };
  ip?: string[];
  architecture?: string;
}

/** What the kernel recorded about the process, beyond ECS; ids are decimal strings. */
export interface RwxwatchProcess {
  executable?: { name: string; device: string; inode: string };
  pid_namespace?: { inode: string };
  cgroup?: { id?: string; path?: string };
}

export interface RwxwatchEnrichment {
  /** When /proc was read: at the process's first event, or only when it alerted. */
  read_on: 'first_event' | 'alert';
  read_at: string;
  /** Present when args were read: true when some were left out or cut. */
  args_truncated?: boolean;
  /** Every field left out of this alert, and why. */
  missing: { field: string; reason: string }[];
}

export interface EcsAlert {
  '@timestamp': string;
  event: {
    kind: 'alert';
    category: string[];
    type: string[];
    module: 'rwxwatch';
    dataset: 'rwxwatch.alert';
    severity: number;
    risk_score: number;
    id: string;
    /** Earlier and later of the two events of the pair. */
    start: string;
    end: string;
  };
  rule: { id: string; uuid: string; name: string; ruleset: 'rwxwatch'; category: string };
  kibana: { alert: { severity: string; risk_score: number } };
  threat: Threat[];
  host: EcsHost;
  process: EcsProcess;
  user: Account & { effective?: Account & { group?: Account } };
  group?: Account;
  container?: { id: string; runtime?: string };
  orchestrator?: { type: 'kubernetes'; resource: { type: 'pod'; id: string } };
  /** The same pod UID as orchestrator.resource.id, where Elastic's Kubernetes data has it. */
  kubernetes?: { pod: { uid: string } };
  /**
   * `port` is absent when the kernel had not chosen it yet (see ecs.ts); the whole
   * object when the source is unknown, as for a connection replayed from an audit log.
   */
  source?: { ip: string; port?: number };
  destination: Endpoint;
  network: { transport: 'tcp' | 'udp'; type: 'ipv4' | 'ipv6' };
  rwxwatch: {
    mprotect: {
      '@timestamp': string;
      /** Hex without 0x. */
      address: string;
      /** A string only when it exceeds JSON's safe integer range. */
      length: number | string;
      /** Hex without 0x, e.g. '7'. */
      prot: string;
      return_value: number;
      syscall: 'mprotect' | 'pkey_mprotect' | 'mmap';
      thread: ThreadRef;
    };
    connection: {
      '@timestamp': string;
      thread: ThreadRef;
      /** Only when the connection came from another process that had the same pid. */
      process?: { entity_id: string };
    };
    counts: {
      mprotect: number;
      connection: number;
      folded_matches: number;
      /** The kernel's counts for the process since it first qualified, when it aggregates. */
      kernel?: { mprotect: number; connection: number };
    };
    /** The reported event of `stand_in`'s leg left the look-back; a later one did not. */
    aggregation?: { stand_in: 'mprotect' | 'connection'; latest_at: string };
    process?: RwxwatchProcess;
    enrichment?: RwxwatchEnrichment;
    /**
     * Present only when the sensor lost events during this alert's look-back (from
     * `since` to the alert): its pair, counts or other alerts may be incomplete.
     */
    loss?: RwxwatchLoss;
  };
}

export interface RwxwatchLoss {
  /** Start of the look-back the losses fell in. */
  since: string;
  /** Kernel records not written (ring buffer full) or not filled (state or read failed). */
  kernel_records: number;
  /** Records read from the ring buffer but never handed to JS. */
  transport_records: number;
  /** Records the decoder skipped as truncated, unknown or malformed. */
  skipped_records: number;
  /** Processes whose correlation state was evicted at maxTrackedProcesses. */
  evicted_processes: number;
}
