// Part 6, synthetic: the correlator alone, from src/, fed one RWX mprotect and one
// external connect for each of N distinct processes, as the live pipeline would
// hand them over. Run in a process of its own (node --expose-gc) so that nothing
// else is on its heap; prints one JSON line. No kernel, addon, ring buffer or logger:
// the records are built here and go through the sensor's decoder and correlator.
import { CONFIG_SCHEMA } from '../../src/config/schema.js';
import { correlatorFromConfig } from '../../src/correlate/from-config.js';
import {
  CONNECT_OFFSETS,
  HEADER_OFFSETS,
  MPROTECT_OFFSETS,
  RECORD_KINDS,
  RECORD_SIZES,
} from '../../src/events/layout.js';
import { decodeConnect, decodeMprotect } from '../../src/events/records.js';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import type { SyntheticMemory } from '../results.js';

const FIRST_PID = 1_000;
const NAME = 'bench-proc';
const PROT_RWX = 7n;
const SYSCALL_MPROTECT = 1;
const AF_INET = 2;
const IPPROTO_TCP = 6;

// Records as the kernel writes them (bpf/events.h), decoded by the sensor's own decoder,
// so the events held are built exactly as live ones are.
function header(kind: 'mprotect' | 'connect', pid: number, nowMs: number): Buffer {
  const record = Buffer.alloc(RECORD_SIZES[kind]);
  record.writeUInt32LE(RECORD_KINDS[kind], HEADER_OFFSETS.kind);
  record.writeUInt32LE(record.length, HEADER_OFFSETS.size);
  record.writeBigUInt64LE(BigInt(nowMs) * 1_000_000n, HEADER_OFFSETS.ktime_ns);
  record.writeBigUInt64LE(BigInt(pid) * 1_000n, HEADER_OFFSETS.start_ns);
  for (const field of ['pid', 'tid', 'ns_pid'] as const) {
    record.writeUInt32LE(pid, HEADER_OFFSETS[field]);
  }
  for (const field of ['uid', 'gid', 'euid', 'egid'] as const) {
    record.writeUInt32LE(1000, HEADER_OFFSETS[field]);
  }
  record.writeUInt32LE(1, HEADER_OFFSETS.ppid);
  record.writeUInt32LE(4026531836, HEADER_OFFSETS.pidns_ino);
  record.writeUInt32LE(2049, HEADER_OFFSETS.exe_dev);
  record.writeBigUInt64LE(BigInt(pid), HEADER_OFFSETS.exe_ino);
  record.writeBigUInt64LE(1n, HEADER_OFFSETS.cgroup_id);
  for (const field of ['comm', 'thread_comm', 'exe_name'] as const) {
    record.write(NAME, HEADER_OFFSETS[field]);
  }
  return record;
}

function mprotect(pid: number, nowMs: number): MprotectEvent {
  const record = header('mprotect', pid, nowMs);
  record.writeBigUInt64LE(0x7f0000000000n + BigInt(pid) * 4096n, MPROTECT_OFFSETS.addr);
  record.writeBigUInt64LE(4096n, MPROTECT_OFFSETS.len);
  record.writeBigUInt64LE(PROT_RWX, MPROTECT_OFFSETS.prot);
  record.writeUInt32LE(SYSCALL_MPROTECT, MPROTECT_OFFSETS.syscall);
  return decodeMprotect(record, 0n) as MprotectEvent;
}

function connect(pid: number, nowMs: number): ConnectEvent {
  const record = header('connect', pid, nowMs);
  record.writeUInt16LE(AF_INET, CONNECT_OFFSETS.family);
  record.writeUInt16LE(IPPROTO_TCP, CONNECT_OFFSETS.protocol);
  record.writeUInt16BE(40_000 + (pid % 20_000), CONNECT_OFFSETS.sport);
  record.writeUInt16BE(8080, CONNECT_OFFSETS.dport);
  Buffer.from([198, 51, 100, 1]).copy(record, CONNECT_OFFSETS.saddr);
  Buffer.from([198, 51, 100, 2]).copy(record, CONNECT_OFFSETS.daddr);
  return decodeConnect(record, 0n) as ConnectEvent;
}

function collect(): { heap: number; rss: number } {
  // Present because the script is started with --expose-gc; a full collection makes
  // heapUsed count live objects rather than garbage not yet swept.
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

function main(processes: number): SyntheticMemory {
  const correlator = correlatorFromConfig(
    // Past the default bound (65,536), so every process is held: the cost of 100k.
    CONFIG_SCHEMA.parse({ maxTrackedProcesses: 1 << 20 }),
    'bench-host',
    Date.now,
  );
  const before = collect();
  const startMs = Date.now();

  for (let pid = FIRST_PID; pid < FIRST_PID + processes; pid++) {
    correlator.push(mprotect(pid, Date.now()));
    correlator.push(connect(pid, Date.now()));
  }
  const feedMs = Date.now() - startMs;

  const after = collect();
  return {
    processes,
    keys: correlator.stats().keys,
    heapBeforeBytes: before.heap,
    heapAfterBytes: after.heap,
    rssBeforeBytes: before.rss,
    rssAfterBytes: after.rss,
    feedMs,
  };
}

process.stdout.write(`${JSON.stringify(main(Number(process.argv[2])))}\n`);
