// Part 6, synthetic: the correlator alone, from src/, fed one RWX mprotect and one
// external connect for each of N distinct processes, as the live pipeline would
// hand them over. Run in a process of its own (node --expose-gc) so that nothing
// else is on its heap; prints one JSON line. No kernel, addon, ring buffer or logger.
import { CONFIG_SCHEMA } from '../../src/config/schema.js';
import { correlatorFromConfig } from '../../src/correlate/from-config.js';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import type { SyntheticMemory } from '../results.js';

const FIRST_PID = 1_000;
const NAME = 'bench-proc';

function base(pid: number, nowMs: number) {
  return {
    timeMs: nowMs,
    ktimeNs: BigInt(nowMs) * 1_000_000n,
    pid,
    tid: pid,
    startNs: BigInt(pid) * 1_000n,
    uid: 1000,
    gid: 1000,
    name: NAME,
    threadName: NAME,
    context: {
      ppid: 1,
      euid: 1000,
      egid: 1000,
      nsPid: pid,
      pidnsIno: 4026531836,
      exeDev: 2049,
      exeIno: BigInt(pid),
      exeName: NAME,
      cgroupId: 1n,
    },
  };
}

function mprotect(pid: number, nowMs: number): MprotectEvent {
  const addr = 0x7f0000000000n + BigInt(pid) * 4096n;
  return {
    ...base(pid, nowMs),
    kind: 'mprotect',
    addr,
    len: 4096n,
    prot: 7n,
    ret: 0,
    syscall: 'mprotect',
  };
}

function connect(pid: number, nowMs: number): ConnectEvent {
  return {
    ...base(pid, nowMs),
    kind: 'connect',
    family: 4,
    transport: 'tcp',
    sourceIp: '198.51.100.1',
    sourcePort: 40_000 + (pid % 20_000),
    destinationIp: '198.51.100.2',
    destinationPort: 8080,
  };
}

function collect(): { heap: number; rss: number } {
  // Present because the script is started with --expose-gc; a full collection makes
  // heapUsed count live objects rather than garbage not yet swept.
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

function main(processes: number): SyntheticMemory {
  const correlator = correlatorFromConfig(CONFIG_SCHEMA.parse({}), 'bench-host', Date.now);
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
