// Decoded sensor events: the records of bpf/events.h turned into plain values.
// u64 quantities stay bigint so nothing above 2^53 is silently rounded.

export type EventKind = 'mprotect' | 'connect';
export type MemorySyscall = 'mprotect' | 'pkey_mprotect' | 'mmap';

/**
 * What the kernel read about the process at event time, so it survives the
 * process's exit. Absent for events replayed from sources that lack it.
 */
export interface KernelContext {
  /** Parent's tgid. */
  ppid: number;
  euid: number;
  egid: number;
  /** The pid inside the process's own pid namespace, and that namespace's inode. */
  nsPid: number;
  pidnsIno: number;
  /** st_dev (kernel encoding) and st_ino of the executable; 0n inode for kernel threads. */
  exeDev: number;
  exeIno: bigint;
  /** Final path component of the executable, at most 31 bytes. Attacker-chosen. */
  exeName: string;
  cgroupId: bigint;
}

/**
 * The kernel's per-process aggregation (bpf/aggregate.bpf.h): when it is on,
 * later events of a leg within its refresh time are counted, not sent, and
 * every sent record says what was counted. Absent when aggregation is off.
 */
export interface LegAggregate {
  /** Qualifying events of this record's leg for the process so far, sent or not. */
  legCount: number;
  /** The other leg: its latest qualifying event (wall ms), if any, and its count. */
  peerLastMs: number | undefined;
  peerCount: number;
}

interface BaseEvent {
  kind: EventKind;
  /** Wall-clock time of the event, ms since the epoch. */
  timeMs: number;
  /** Boot-relative kernel time, ns: orders events of one host exactly. */
  ktimeNs: bigint;
  pid: number;
  tid: number;
  /** Start of the thread-group leader, boot-relative ns. */
  startNs: bigint;
  uid: number;
  gid: number;
  /** Process name: the leader's comm. Attacker-controlled. */
  name: string;
  /** The calling thread's comm. Attacker-controlled. */
  threadName: string;
  context?: KernelContext;
  aggregate?: LegAggregate;
  /**
   * Path of the process's executable, filled in user space (events/executable.ts) only
   * when executable exclusions are configured; undefined when unknown. Attacker-chosen.
   */
  executable?: string;
}

export interface MprotectEvent extends BaseEvent {
  kind: 'mprotect';
  addr: bigint;
  len: bigint;
  /** The requested prot argument, unmodified. */
  prot: bigint;
  /** The syscall's return value: 0 or -errno; for mmap, the mapped address. */
  ret: number;
  /** mprotect unless the hardened profile also watches pkey_mprotect and mmap. */
  syscall: MemorySyscall;
}

export interface ConnectEvent extends BaseEvent {
  kind: 'connect';
  family: 4 | 6;
  /** udp only for connected UDP sockets, which the hardened profile watches. */
  transport: 'tcp' | 'udp';
  sourceIp: string;
  sourcePort: number;
  destinationIp: string;
  destinationPort: number;
}

export type SensorEvent = MprotectEvent | ConnectEvent;

/** A process the kernel reported on has exited; state about it can go. */
export interface ExitEvent {
  kind: 'exit';
  timeMs: number;
  pid: number;
  startNs: bigint;
  /** The kernel's exit code: status << 8, or the terminating signal. */
  exitCode: number;
}
