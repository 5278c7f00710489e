// Resolves a process's executable path for exclusions by path. The kernel records carry
// no path, so user space reads /proc/<pid>/exe when the event arrives, best-effort.
//
// Limitation: the path is read when the event reaches user space, not when it happened.
// A process that exited in between has no path (undefined: not excluded by path, so the
// rule still sees it), and one that called execve in between shows its new executable.
// An exec keeps pid and start time, so a cached path is only reused while the process
// name (which execve resets) and the executable's inode from the kernel record are
// unchanged; events without kernel context (replayed ones) are checked on the name alone.
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Processes whose path is remembered, least recently used evicted first. One entry is a
 * key and a path (at most PATH_MAX, 4 KiB; typically under 100 bytes), so at most about
 * 4 MiB and in practice well under 1 MiB.
 */
export const EXECUTABLE_CACHE_ENTRIES = 1024;

export interface ProcessRef {
  pid: number;
  /** Start time of the process, boot-relative ns: with pid, one process per boot. */
  startNs: bigint;
  name: string;
  /** What the kernel saw at the event: the executable's inode changes on execve. */
  context?: { exeIno: bigint };
}

interface Entry {
  name: string;
  exeIno: bigint | undefined;
  path: string | undefined;
}

export class ExecutableResolver {
  // A Map iterates in insertion order; re-inserting on use keeps the oldest first.
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly procRoot = '/proc',
    private readonly capacity = EXECUTABLE_CACHE_ENTRIES,
  ) {}

  /** The executable's path, or undefined when the process is gone or unreadable. */
  resolve(target: ProcessRef): string | undefined {
    const key = `${target.pid}:${target.startNs}`;
    const exeIno = target.context?.exeIno;
    const cached = this.cache.get(key);
    this.cache.delete(key);
    if (cached !== undefined && cached.name === target.name && cached.exeIno === exeIno) {
      this.cache.set(key, cached);
      return cached.path;
    }

    const path = this.read(target.pid);
    this.remember(key, { name: target.name, exeIno, path });
    return path;
  }

  get size(): number {
    return this.cache.size;
  }

  // Every failure (gone process, kernel thread, no permission) means "unknown".
  private read(pid: number): string | undefined {
    try {
      return readlinkSync(join(this.procRoot, String(pid), 'exe'));
    } catch {
      return undefined;
    }
  }

  private remember(key: string, entry: Entry): void {
    if (this.cache.size >= this.capacity) {
      const [oldest] = this.cache.keys();
      this.cache.delete(oldest as string);
    }

    this.cache.set(key, entry);
  }
}

/** A resolver only when some executable is excluded; otherwise nothing reads /proc. */
export function resolverForExclusions(
  excludedExecutables: readonly string[],
  procRoot?: string,
): ExecutableResolver | undefined {
  return excludedExecutables.length > 0 ? new ExecutableResolver(procRoot) : undefined;
}
