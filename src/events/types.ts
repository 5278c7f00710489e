// Decoded sensor events: the records of bpf/events.h turned into plain values.
// u64 quantities stay bigint so nothing above 2^53 is silently rounded.

export type EventKind = 'mprotect' | 'connect';

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
  /** The syscall's return value: 0 or -errno. */
  ret: number;
}

export interface ConnectEvent extends BaseEvent {
  kind: 'connect';
  family: 4 | 6;
  transport: 'tcp';
  sourceIp: string;
  sourcePort: number;
  destinationIp: string;
  destinationPort: number;
}

export type SensorEvent = MprotectEvent | ConnectEvent;
