// Which capabilities the sensor still needs once its programs are attached. Loading
// (CAP_BPF), attaching (CAP_PERFMON), the locked-memory limit (CAP_SYS_RESOURCE), mounting
// tracefs (CAP_SYS_ADMIN) and binding the metrics port are all done by then. What is left:
// reading other processes' /proc entries, the kernel's counters, and the sinks' files.
import { dirname, join } from 'node:path';
import type { Config } from '../config/schema.js';
import { type AccessContext, canRead, canWriteDir } from './path-access.js';

/** Numbers from linux/capability.h, for the capabilities the sensor may keep. */
export const CAPABILITY = {
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_SYS_PTRACE: 19,
  CAP_BPF: 39,
} as const;
export type CapabilityName = keyof typeof CAPABILITY;

export interface KeptCapability {
  name: CapabilityName;
  why: string;
  /** The configured paths that need it, when it depends on them. */
  paths?: string[];
}

/**
 * From 6.5 on, bpf() checks CAP_BPF only to create maps and load programs. Before, with
 * unprivileged BPF disabled (the usual setting), every command needs it, reading a map
 * through an fd included.
 */
export const BPF_FD_CALLS_FREE_SINCE: readonly [number, number] = [6, 5];

export interface PolicyFacts {
  /** `uname -r` of the running kernel. */
  kernelRelease: string;
  access: AccessContext;
}

export type PolicyConfig = Pick<Config, 'sinks' | 'state' | 'hostRoot' | 'procRoot'>;

export function capabilitiesToKeep(config: PolicyConfig, facts: PolicyFacts): KeptCapability[] {
  const kept: KeptCapability[] = [
    {
      name: 'CAP_SYS_PTRACE',
      why: 'read /proc/<pid>/exe and cwd of processes of other users or with more capabilities',
    },
  ];

  if (kernelBefore(facts.kernelRelease, BPF_FD_CALLS_FREE_SINCE)) {
    kept.push({ name: 'CAP_BPF', why: 'this kernel wants it to read the counters' });
  }
  const unwritable = writtenDirs(config).filter((dir) => !canWriteDir(dir, facts.access));
  if (unwritable.length > 0) {
    const why = 'sink or state directories the permission bits do not let this user write';
    kept.push({ name: 'CAP_DAC_OVERRIDE', why, paths: unwritable });
  }
  const unreadable = readPaths(config).filter((path) => !canRead(path, facts.access));
  if (unreadable.length > 0) {
    const why = 'host files the permission bits do not let this user read';
    kept.push({ name: 'CAP_DAC_READ_SEARCH', why, paths: unreadable });
  }
  return kept;
}

/** Directories the sinks and the state store create, rename or remove files in. */
export function writtenDirs(config: Pick<Config, 'sinks' | 'state'>): string[] {
  const dirs = config.sinks.flatMap((sink) => {
    if (sink.type === 'file') return [dirname(sink.path)];
    if (sink.type === 'elasticsearch') return [sink.spoolDir];
    return [];
  });
  if (config.state.file !== undefined) dirs.push(dirname(config.state.file));
  return [...new Set(dirs)];
}

// What enrichment reads besides /proc/<pid> entries, which are world-readable.
function readPaths(config: Pick<Config, 'hostRoot' | 'procRoot'>): string[] {
  const { hostRoot, procRoot } = config;
  const cgroups = join(hostRoot, 'sys', 'fs', 'cgroup');

  return [procRoot, join(hostRoot, 'etc', 'passwd'), join(hostRoot, 'etc', 'group'), cgroups];
}

/** True when `release` is older than major.minor; an unreadable release counts as older. */
export function kernelBefore(release: string, [major, minor]: readonly [number, number]): boolean {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (match === null) return true;

  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have < major || (have === major && haveMinor < minor);
}
