// What enrichment learns about one process and what it hands the alert builder. Paths,
// args and names come from the monitored process and are attacker-controlled: the alert
// builder only ever places them as values.

/**
 * A value that was read, or why not. Reasons read `CODE: words` with a stable code
 * first, e.g. `ENOENT: process exited`, so they can be filtered on.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/** An ECS field the alert leaves out, and why. */
export interface MissingField {
  field: string;
  reason: string;
}

export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman';

/** Where a cgroup path places a process; at least one of the fields is set. */
export interface ContainerPlacement {
  containerId?: string;
  /** Only when the path names the runtime (a bare Kubernetes id does not). */
  runtime?: ContainerRuntime;
  /** Kubernetes pod UID, dashed form. */
  podUid?: string;
}

export interface Cgroup {
  /** Path inside the cgroup hierarchy, as /proc/<pid>/cgroup shows it. */
  path: string;
  placement?: ContainerPlacement;
}

export interface Args {
  /** At most MAX_ARGS values and MAX_ARGS_BYTES bytes (see cmdline.ts). */
  values: string[];
  /** The real number of arguments; missing when the command line was too long to count. */
  count: Read<number>;
  truncated: boolean;
}

/** When a snapshot was read: at the process's first event, or only when it alerted. */
export type ReadOn = 'first_event' | 'alert';

/** What /proc said about one process (pid + start time) and its parent. */
export interface ProcessSnapshot {
  readOn: ReadOn;
  readAtMs: number;
  /** The process name (comm) this snapshot was checked against. */
  name: string;
  /** The kernel's executable name at that event, when the event carried one. */
  exeName: string | undefined;
  executable: Read<string>;
  args: Read<Args>;
  workingDirectory: Read<string>;
  /** The parent whose fields follow; the kernel's ppid when the event carried it. */
  parentPid: Read<number>;
  parentName: Read<string>;
  parentExecutable: Read<string>;
  cgroup: Read<Cgroup>;
}

export interface AccountRef {
  id: string;
  name?: string;
}

/** Values the kernel read at event time; they survive the process's exit. */
export interface KernelFacts {
  /** Final component of the executable's path, at most 31 bytes. */
  executableName: string;
  /** st_dev in the kernel's encoding and st_ino, decimal. */
  executableDevice: string;
  executableInode: string;
  pidNamespaceInode: string;
  /** cgroup v2 id: the inode of the cgroup's directory in cgroupfs. */
  cgroupId: string;
}

/** Everything the ECS builder needs to say who did it. */
export interface AlertProcessContext {
  entityId: string;
  /** ISO 8601, ms precision. */
  start: string;
  executable?: string;
  args?: string[];
  argsCount?: number;
  argsTruncated?: boolean;
  workingDirectory?: string;
  parent?: { pid: number; name?: string; executable?: string };
  /** The pid inside the process's own pid namespace (ECS process.vpid). */
  vpid?: number;
  user: AccountRef;
  effectiveUser?: AccountRef;
  group: AccountRef;
  effectiveGroup?: AccountRef;
  container?: { id: string; runtime?: ContainerRuntime };
  podUid?: string;
  cgroupPath?: string;
  kernel?: KernelFacts;
  /** Set only when the connection came from another process that had the same pid. */
  connectionEntityId?: string;
  enrichment: { readOn: ReadOn; readAtMs: number; missing: MissingField[] };
}
