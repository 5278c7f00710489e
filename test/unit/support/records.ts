// Builds raw records the way the kernel writes them (bpf/events.h), for decoder tests.
import {
  CONNECT_OFFSETS,
  EXIT_OFFSETS,
  HEADER_OFFSETS,
  MPROTECT_OFFSETS,
  RECORD_KINDS,
  RECORD_SIZES,
} from '../../../src/events/layout.js';

export interface HeaderInit {
  kind?: number;
  size?: number;
  ktimeNs?: bigint;
  startNs?: bigint;
  pid?: number;
  tid?: number;
  uid?: number;
  gid?: number;
  comm?: string | Buffer;
  threadComm?: string | Buffer;
  nsPid?: number;
  exeName?: string;
  legCount?: bigint;
  peerLastNs?: bigint;
  peerCount?: bigint;
}

export interface MprotectInit extends HeaderInit {
  addr?: bigint;
  len?: bigint;
  prot?: bigint;
  ret?: bigint;
  syscall?: number;
}

export interface ConnectInit extends HeaderInit {
  family?: number;
  protocol?: number;
  sport?: number;
  dport?: number;
  saddr?: number[];
  daddr?: number[];
}

export function mprotectRecord(init: MprotectInit = {}): Buffer {
  const record = header({ kind: RECORD_KINDS.mprotect, size: RECORD_SIZES.mprotect, ...init });

  record.writeBigUInt64LE(init.addr ?? 0x7f00_dead_b000n, MPROTECT_OFFSETS.addr);
  record.writeBigUInt64LE(init.len ?? 4096n, MPROTECT_OFFSETS.len);
  record.writeBigUInt64LE(init.prot ?? 7n, MPROTECT_OFFSETS.prot);
  record.writeBigInt64LE(init.ret ?? 0n, MPROTECT_OFFSETS.ret);
  record.writeUInt32LE(init.syscall ?? 1, MPROTECT_OFFSETS.syscall);
  return record;
}

export function connectRecord(init: ConnectInit = {}): Buffer {
  const record = header({ kind: RECORD_KINDS.connect, size: RECORD_SIZES.connect, ...init });

  record.writeUInt16LE(init.family ?? 2, CONNECT_OFFSETS.family);
  record.writeUInt16LE(init.protocol ?? 6, CONNECT_OFFSETS.protocol);
  record.writeUInt16BE(init.sport ?? 40000, CONNECT_OFFSETS.sport);
  record.writeUInt16BE(init.dport ?? 443, CONNECT_OFFSETS.dport);
  Buffer.from(init.saddr ?? [10, 0, 0, 5]).copy(record, CONNECT_OFFSETS.saddr);
  Buffer.from(init.daddr ?? [198, 51, 100, 1]).copy(record, CONNECT_OFFSETS.daddr);
  return record;
}

export function exitRecord(init: HeaderInit & { exitCode?: number } = {}): Buffer {
  const record = header({ kind: RECORD_KINDS.exit, size: RECORD_SIZES.exit, ...init });

  record.writeInt32LE(init.exitCode ?? 0, EXIT_OFFSETS.exit_code);
  return record;
}

/** A record of any kind with only its header filled in, `size` bytes long. */
export function header(init: HeaderInit & { kind: number; size: number }): Buffer {
  return writeHeader(Buffer.alloc(Math.max(init.size, RECORD_SIZES.header)), init);
}

/** Just the header bytes, whatever length its `size` field claims. */
export function lyingHeader(kind: number, size: number): Buffer {
  return writeHeader(Buffer.alloc(RECORD_SIZES.header), { kind, size });
}

function writeHeader(record: Buffer, init: HeaderInit & { kind: number; size: number }): Buffer {
  record.writeUInt32LE(init.kind, HEADER_OFFSETS.kind);
  record.writeUInt32LE(init.size, HEADER_OFFSETS.size);
  record.writeBigUInt64LE(init.ktimeNs ?? 5_000_000_000n, HEADER_OFFSETS.ktime_ns);
  record.writeBigUInt64LE(init.startNs ?? 1_000_000_000n, HEADER_OFFSETS.start_ns);
  record.writeUInt32LE(init.pid ?? 4242, HEADER_OFFSETS.pid);
  record.writeUInt32LE(init.tid ?? 4243, HEADER_OFFSETS.tid);
  record.writeUInt32LE(init.uid ?? 1000, HEADER_OFFSETS.uid);
  record.writeUInt32LE(init.gid ?? 1001, HEADER_OFFSETS.gid);
  Buffer.from(init.comm ?? 'payload').copy(record, HEADER_OFFSETS.comm, 0, 16);
  Buffer.from(init.threadComm ?? 'worker').copy(record, HEADER_OFFSETS.thread_comm, 0, 16);
  writeContext(record, init);
  return record;
}

// Kernel context with fixed values; the short `lyingHeader` buffers have no room for it.
function writeContext(record: Buffer, init: HeaderInit): void {
  if (record.length < RECORD_SIZES.header) return;

  record.writeUInt32LE(1, HEADER_OFFSETS.ppid);
  record.writeUInt32LE(init.uid ?? 1000, HEADER_OFFSETS.euid);
  record.writeUInt32LE(init.gid ?? 1001, HEADER_OFFSETS.egid);
  record.writeUInt32LE(init.nsPid ?? 7, HEADER_OFFSETS.ns_pid);
  record.writeUInt32LE(4026531836, HEADER_OFFSETS.pidns_ino);
  record.writeUInt32LE(259, HEADER_OFFSETS.exe_dev);
  record.writeBigUInt64LE(1234n, HEADER_OFFSETS.exe_ino);
  record.writeBigUInt64LE(42n, HEADER_OFFSETS.cgroup_id);
  Buffer.from(init.exeName ?? 'evil-bin').copy(record, HEADER_OFFSETS.exe_name, 0, 31);
  record.writeBigUInt64LE(init.legCount ?? 0n, HEADER_OFFSETS.leg_count);
  record.writeBigUInt64LE(init.peerLastNs ?? 0n, HEADER_OFFSETS.peer_last_ns);
  record.writeBigUInt64LE(init.peerCount ?? 0n, HEADER_OFFSETS.peer_count);
}

/** IPv6 bytes of an IPv4-mapped address ::ffff:a.b.c.d. */
export function mappedBytes(ipv4: number[]): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ipv4];
}
