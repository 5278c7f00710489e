// Decoded sensor events: the records of bpf/events.h turned into plain values.
// u64 quantities stay bigint so nothing above 2^53 is silently rounded.

export type EventKind = 'mprotect' | 'connect';
export type MemorySyscall = 'mprotect' | 'pkey_mprotect' | 'mmap';

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
