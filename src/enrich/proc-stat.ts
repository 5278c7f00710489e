// /proc/<pid>/stat: the process name, parent and start time in one read. The start time
// is what tells us whether /proc/<pid> is still the process an event was about.
import { join } from 'node:path';
import { failed, found, procReason, REASON } from './missing.js';
import { readProcText } from './proc-file.js';
import type { Read } from './types.js';

/**
 * USER_HZ, the unit of stat's start time. 100 on every architecture Node supports on
 * Linux (x86, arm, arm64, ppc64, s390x, riscv64); the kernel fixes it for user space.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

const NS_PER_TICK = 1_000_000_000n / BigInt(CLOCK_TICKS_PER_SECOND);

// Fields counted after the ')' that closes comm: state is field 3 of stat(5).
const PPID_INDEX = 4 - 3;
const START_TIME_INDEX = 22 - 3;

export interface ProcStat {
  /** The thread-group leader's comm. Attacker-controlled. */
  name: string;
  ppid: number;
  /** Start time in clock ticks since boot. */
  startTicks: bigint;
}

export function readStat(procRoot: string, pid: number): Read<ProcStat> {
  let text: string;
  try {
    text = readProcText(join(procRoot, String(pid), 'stat'));
  } catch (error) {
    return failed(procReason(error));
  }

  const stat = parseStat(text);
  return stat === undefined ? failed('MALFORMED: unexpected /proc stat format') : found(stat);
}

/** comm may hold spaces and parentheses, so it ends at the last ')'. */
export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return undefined;

  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[PPID_INDEX]);
  const startTicks = fields[START_TIME_INDEX];
  if (!Number.isInteger(ppid) || startTicks === undefined || !/^\d+$/.test(startTicks)) {
    return undefined;
  }

  return { name: text.slice(open + 1, close), ppid, startTicks: BigInt(startTicks) };
}

/**
 * The kernel derives stat's start time from the same start_boottime the events carry,
 * truncated to ticks. One tick of slack absorbs rounding; a recycled pid starts later by
 * far more, since the pid space has to wrap first.
 */
export function sameStart(startTicks: bigint, startNs: bigint): boolean {
  const delta = startTicks - startNs / NS_PER_TICK;

  return delta >= -1n && delta <= 1n;
}

/** stat of `pid`, but only while it is still the process that started at `startNs`. */
export function readOwnStat(procRoot: string, pid: number, startNs: bigint): Read<ProcStat> {
  const stat = readStat(procRoot, pid);
  if (!stat.ok) return stat;

  return sameStart(stat.value.startTicks, startNs) ? stat : failed(REASON.pidReused);
}

/** Start time in boot-relative ns, at tick precision: for tests and the parent check. */
export function ticksToNs(ticks: bigint): bigint {
  return ticks * NS_PER_TICK;
}
