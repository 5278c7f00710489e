// Finds a cgroup's path from the id the kernel recorded, for processes that exited before
// /proc/<pid>/cgroup could be read: a container's cgroup usually outlives any one of its
// processes. On cgroup v2 the id is the inode number of the cgroup's directory (64-bit
// kernels), so one walk of the hierarchy maps ids to paths.
//
// Limitation: needs the host's cgroup v2 hierarchy at <cgroupRoot> (pure v2, or the
// `unified` mount of a hybrid host). On cgroup v1-only hosts, or once the container's
// cgroup is gone too, container fields stay missing for an exited process.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { failed, found } from './missing.js';
import type { Read } from './types.js';

/** Directories visited per walk, so a huge hierarchy costs bounded time. */
export const CGROUP_INDEX_MAX_DIRS = 20_000;
/** The hierarchy is walked again on a miss, at most this often. */
export const CGROUP_REINDEX_MS = 10_000;

export class CgroupIndex {
  private paths = new Map<bigint, string>();
  private walkedAtMs = Number.NEGATIVE_INFINITY;
  private readonly root: string | undefined;

  constructor(
    cgroupRoot: string,
    private readonly now: () => number,
  ) {
    this.root = unifiedRoot(cgroupRoot);
  }

  /** The path of cgroup `id`, as /proc/<pid>/cgroup would show it from the root ns. */
  pathOf(id: bigint): Read<string> {
    if (this.root === undefined) return failed('NO_CGROUP2: no cgroup v2 hierarchy found');

    const known = this.paths.get(id) ?? this.rewalk(this.root, id);
    return known === undefined ? failed('CGROUP_GONE: no cgroup with this id') : found(known);
  }

  private rewalk(root: string, id: bigint): string | undefined {
    const nowMs = this.now();
    if (nowMs - this.walkedAtMs < CGROUP_REINDEX_MS) return undefined;

    this.walkedAtMs = nowMs;
    this.paths = walk(root);
    return this.paths.get(id);
  }
}

function unifiedRoot(cgroupRoot: string): string | undefined {
  const candidates = [cgroupRoot, join(cgroupRoot, 'unified')];

  return candidates.find((dir) => existsSync(join(dir, 'cgroup.controllers')));
}

// Breadth-first, so the bound cuts the deepest (most numerous) levels first. A cgroup
// removed during the walk is skipped.
function walk(root: string): Map<bigint, string> {
  const paths = new Map<bigint, string>();
  const queue = ['/'];

  for (let i = 0; i < queue.length && paths.size < CGROUP_INDEX_MAX_DIRS; i += 1) {
    const relative = queue[i] ?? '/';
    const dir = join(root, relative);
    const inode = inodeOf(dir);
    if (inode === undefined) continue;

    paths.set(inode, relative);
    for (const child of childDirs(dir)) queue.push(join(relative, child));
  }
  return paths;
}

function inodeOf(dir: string): bigint | undefined {
  try {
    return statSync(dir, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

function childDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
