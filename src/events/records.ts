// Per-kind decoders for one record of bpf/events.h. Each takes a Buffer that holds
// exactly one record, already checked to be at least as long as its kind's struct.
import ipaddr from 'ipaddr.js';
import {
  ADDR_LEN,
  ADDRESS_FAMILIES,
  COMM_LEN,
  CONNECT_OFFSETS,
  EXE_NAME_LEN,
  EXIT_OFFSETS,
  HEADER_OFFSETS,
  IPPROTO_TCP,
  IPPROTO_UDP,
  MEMORY_SYSCALLS,
  MPROTECT_OFFSETS,
} from './layout.js';
import type {
  ConnectEvent,
  ExitEvent,
  KernelContext,
  LegAggregate,
  MprotectEvent,
} from './types.js';

type HeaderFields = Omit<MprotectEvent, 'kind' | 'addr' | 'len' | 'prot' | 'ret' | 'syscall'>;

const TRANSPORTS = new Map([
  [IPPROTO_TCP, 'tcp'],
  [IPPROTO_UDP, 'udp'],
] as const);

const NS_PER_MS = 1_000_000n;

/** Returns undefined for a syscall number this version does not know. */
export function decodeMprotect(
  record: Buffer,
  bootToRealtimeNs: bigint,
): MprotectEvent | undefined {
  const code = record.readUInt32LE(MPROTECT_OFFSETS.syscall);
  const syscall = MEMORY_SYSCALLS[code as keyof typeof MEMORY_SYSCALLS];
  if (syscall === undefined) {
    return undefined;
  }

  return {
    kind: 'mprotect',
    ...decodeHeader(record, bootToRealtimeNs),
    addr: record.readBigUInt64LE(MPROTECT_OFFSETS.addr),
    len: record.readBigUInt64LE(MPROTECT_OFFSETS.len),
    prot: record.readBigUInt64LE(MPROTECT_OFFSETS.prot),
    // 0, -errno or a user-space address: all well inside the safe integer range.
    ret: Number(record.readBigInt64LE(MPROTECT_OFFSETS.ret)),
    syscall,
  };
}

/** Returns undefined for a family or protocol the rule does not cover. */
export function decodeConnect(record: Buffer, bootToRealtimeNs: bigint): ConnectEvent | undefined {
  const family = ipVersion(record.readUInt16LE(CONNECT_OFFSETS.family));
  const transport = TRANSPORTS.get(record.readUInt16LE(CONNECT_OFFSETS.protocol) as 6 | 17);
  if (family === undefined || transport === undefined) {
    return undefined;
  }

  return {
    kind: 'connect',
    ...decodeHeader(record, bootToRealtimeNs),
    family,
    transport,
    sourceIp: formatIp(record, CONNECT_OFFSETS.saddr, family),
    sourcePort: record.readUInt16BE(CONNECT_OFFSETS.sport),
    destinationIp: formatIp(record, CONNECT_OFFSETS.daddr, family),
    destinationPort: record.readUInt16BE(CONNECT_OFFSETS.dport),
  };
}

export function decodeExit(record: Buffer, bootToRealtimeNs: bigint): ExitEvent {
  const { timeMs, pid, startNs } = decodeHeader(record, bootToRealtimeNs);

  return {
    kind: 'exit',
    timeMs,
    pid,
    startNs,
    exitCode: record.readInt32LE(EXIT_OFFSETS.exit_code),
  };
}

function decodeContext(record: Buffer): KernelContext {
  return {
    ppid: record.readUInt32LE(HEADER_OFFSETS.ppid),
    euid: record.readUInt32LE(HEADER_OFFSETS.euid),
    egid: record.readUInt32LE(HEADER_OFFSETS.egid),
    nsPid: record.readUInt32LE(HEADER_OFFSETS.ns_pid),
    pidnsIno: record.readUInt32LE(HEADER_OFFSETS.pidns_ino),
    exeDev: record.readUInt32LE(HEADER_OFFSETS.exe_dev),
    exeIno: record.readBigUInt64LE(HEADER_OFFSETS.exe_ino),
    exeName: readCString(record, HEADER_OFFSETS.exe_name, EXE_NAME_LEN),
    cgroupId: record.readBigUInt64LE(HEADER_OFFSETS.cgroup_id),
  };
}

// A zero leg count means the kernel did not aggregate this record.
function decodeAggregate(record: Buffer, bootToRealtimeNs: bigint): LegAggregate | undefined {
  const legCount = record.readBigUInt64LE(HEADER_OFFSETS.leg_count);
  if (legCount === 0n) return undefined;

  const peerLastNs = record.readBigUInt64LE(HEADER_OFFSETS.peer_last_ns);
  return {
    legCount: Number(legCount),
    peerLastMs: peerLastNs === 0n ? undefined : Number((peerLastNs + bootToRealtimeNs) / NS_PER_MS),
    peerCount: Number(record.readBigUInt64LE(HEADER_OFFSETS.peer_count)),
  };
}

function decodeHeader(record: Buffer, bootToRealtimeNs: bigint): HeaderFields {
  const ktimeNs = record.readBigUInt64LE(HEADER_OFFSETS.ktime_ns);

  return {
    timeMs: Number((ktimeNs + bootToRealtimeNs) / NS_PER_MS),
    ktimeNs,
    pid: record.readUInt32LE(HEADER_OFFSETS.pid),
    tid: record.readUInt32LE(HEADER_OFFSETS.tid),
    startNs: record.readBigUInt64LE(HEADER_OFFSETS.start_ns),
    uid: record.readUInt32LE(HEADER_OFFSETS.uid),
    gid: record.readUInt32LE(HEADER_OFFSETS.gid),
    name: readComm(record, HEADER_OFFSETS.comm),
    threadName: readComm(record, HEADER_OFFSETS.thread_comm),
    context: decodeContext(record),
    ...optional('aggregate', decodeAggregate(record, bootToRealtimeNs)),
  };
}

// The kernel NUL-terminates comm unless it fills all 16 bytes, so stop at either.
// Limitation: comm is raw bytes; invalid UTF-8 decodes to U+FFFD, so two names that
// differ only in invalid bytes compare equal.
// Names and addresses repeat across events and processes, and a held event keeps its
// strings for the whole look-back: one shared copy of each costs far less than one per
// event. Bounded: the table starts over when full, so hostile variety cannot grow it.
const INTERN_MAX = 4096;
const interned = new Map<string, string>();

function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_MAX) interned.clear();
  interned.set(text, text);
  return text;
}

function readComm(record: Buffer, offset: number): string {
  return readCString(record, offset, COMM_LEN);
}

function readCString(record: Buffer, offset: number, length: number): string {
  const bytes = record.subarray(offset, offset + length);
  const end = bytes.indexOf(0);

  return intern(bytes.toString('utf8', 0, end === -1 ? length : end));
}

function ipVersion(family: number): 4 | 6 | undefined {
  if (family === ADDRESS_FAMILIES.inet) {
    return 4;
  }
  if (family === ADDRESS_FAMILIES.inet6) {
    return 6;
  }
  return undefined;
}

function formatIp(record: Buffer, offset: number, family: 4 | 6): string {
  return intern(ipText(record, offset, family));
}

function ipText(record: Buffer, offset: number, family: 4 | 6): string {
  if (family === 4) {
    return Array.from(record.subarray(offset, offset + 4)).join('.');
  }

  const bytes = Array.from(record.subarray(offset, offset + ADDR_LEN));
  const address = new ipaddr.IPv6(bytes);
  // RFC 5952 section 5: a mapped address keeps its IPv4 part dotted (::ffff:192.0.2.1);
  // ipaddr.js would print it as hex groups.
  if (address.isIPv4MappedAddress()) {
    return `::ffff:${address.toIPv4Address().toString()}`;
  }

  return address.toString();
}

/** `{ key: value }` when value is defined, `{}` otherwise: keeps absent fields absent. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
