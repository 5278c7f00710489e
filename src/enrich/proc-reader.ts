// Best-effort reads of one process from procfs, and of its parent. Nothing here throws:
// each field is either read or carries the reason it is missing.
//
// Reads are synchronous on purpose. procfs files are generated from kernel memory when
// read, so no disk is involved: a whole snapshot (seven files) takes about 0.1 ms.
// Deferring them to libuv's thread pool would only let more time pass between the event
// and the read, which is the window in which short-lived processes vanish.
//
// Limitation: cmdline is copied from the target's memory under its mmap lock; if the
// target is stuck in a page fault (a hung FUSE or NFS mount), that read waits with it.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readCgroup } from './cgroup.js';
import { readArgs } from './cmdline.js';
import { failed, found, procReason, REASON } from './missing.js';
import { type ProcStat, readOwnStat, readStat, ticksToNs } from './proc-stat.js';
import type { ProcessSnapshot, Read, ReadOn } from './types.js';

/** Which process to read: pid and start time identify it, the name checks for exec. */
export interface ReadTarget {
  pid: number;
  startNs: bigint;
  name: string;
  exeName?: string;
  /** The parent the kernel saw at event time; /proc's parent is used when absent. */
  ppid?: number;
}

export interface ReadRequest {
  procRoot: string;
  target: ReadTarget;
  readOn: ReadOn;
  nowMs: number;
}

export function readProcess(request: ReadRequest): ProcessSnapshot {
  const { procRoot, target } = request;
  const dir = join(procRoot, String(target.pid));
  const stat = checkedStat(procRoot, target);
  const parentPid = parentOf(target, stat);

  const fields = stat.ok ? readFields(dir) : failedFields(stat.reason);
  return {
    readOn: request.readOn,
    readAtMs: request.nowMs,
    name: target.name,
    exeName: target.exeName,
    ...fields,
    parentPid,
    ...readParent(procRoot, parentPid, target.startNs),
  };
}

type OwnFields = Pick<ProcessSnapshot, 'executable' | 'args' | 'workingDirectory' | 'cgroup'>;
type ParentFields = Pick<ProcessSnapshot, 'parentName' | 'parentExecutable'>;

// Only fields of the process the event was about: the same start time and still the
// same name, since an exec keeps pid and start time but changes the program. The pid is
// not checked again after the reads: recycling it within them would need the whole pid
// space to wrap in microseconds.
function checkedStat(procRoot: string, target: ReadTarget): Read<ProcStat> {
  const stat = readOwnStat(procRoot, target.pid, target.startNs);
  if (!stat.ok || stat.value.name === target.name) return stat;

  return failed(REASON.imageChanged);
}

function parentOf(target: ReadTarget, stat: Read<ProcStat>): Read<number> {
  if (target.ppid !== undefined) return found(target.ppid);

  return stat.ok ? found(stat.value.ppid) : failed(stat.reason);
}

function readFields(dir: string): OwnFields {
  return {
    executable: readLink(join(dir, 'exe')),
    args: readArgs(join(dir, 'cmdline')),
    workingDirectory: readLink(join(dir, 'cwd')),
    cgroup: readCgroup(join(dir, 'cgroup')),
  };
}

function failedFields(reason: string): OwnFields {
  return {
    executable: failed(reason),
    args: failed(reason),
    workingDirectory: failed(reason),
    cgroup: failed(reason),
  };
}

// The parent may have exited and its pid gone to a new process. One that started after
// the child cannot be its parent, so a recycled parent pid is caught here.
function readParent(procRoot: string, ppid: Read<number>, childStartNs: bigint): ParentFields {
  if (!ppid.ok) return { parentName: ppid, parentExecutable: ppid };
  if (ppid.value === 0) {
    return { parentName: failed(REASON.noParent), parentExecutable: failed(REASON.noParent) };
  }

  const stat = readStat(procRoot, ppid.value);
  const reason = !stat.ok ? stat.reason : REASON.pidReused;
  if (!stat.ok || ticksToNs(stat.value.startTicks) > childStartNs) {
    return { parentName: failed(reason), parentExecutable: failed(reason) };
  }

  const executable = readLink(join(procRoot, String(ppid.value), 'exe'));
  return { parentName: found(stat.value.name), parentExecutable: executable };
}

// Needs ptrace read access to the target: root with CAP_SYS_PTRACE.
function readLink(path: string): Read<string> {
  try {
    return found(readlinkSync(path));
  } catch (error) {
    return failed(procReason(error));
  }
}
