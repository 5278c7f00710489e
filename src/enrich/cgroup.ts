// /proc/<pid>/cgroup: one line per hierarchy, `<id>:<controllers>:<path>`. cgroup v2 has
// the single line `0::<path>`; v1 has one line per controller hierarchy; hybrid hosts
// have both. The path is relative to the reader's cgroup namespace: a sensor in a
// container with its own cgroup namespace sees `/..`-relative paths, which still end in
// the container's segment.
import { placementOf } from './container.js';
import { failed, found, procReason } from './missing.js';
import { readProcText } from './proc-file.js';
import type { Cgroup, Read } from './types.js';

export function readCgroup(path: string): Read<Cgroup> {
  let text: string;
  try {
    text = readProcText(path);
  } catch (error) {
    return failed(procReason(error));
  }

  const cgroup = cgroupOf(text);
  return cgroup === undefined ? failed('EMPTY_CGROUP: no cgroup lines') : found(cgroup);
}

/**
 * The v2 path is tried first, then each v1 hierarchy in file order; the first path that
 * places the process in a container or pod wins. Without one, the v2 path (or the
 * first v1 path) is reported as it is.
 */
export function cgroupOf(text: string): Cgroup | undefined {
  const paths = hierarchyPaths(text);

  for (const path of paths) {
    const placement = placementOf(path);
    if (placement !== undefined) return { path, placement };
  }
  const first = paths[0];
  return first === undefined ? undefined : { path: first };
}

function hierarchyPaths(text: string): string[] {
  const unified: string[] = [];
  const legacy: string[] = [];

  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first === -1 || second === -1) continue;

    // A path may itself contain ':', so only the first two separate fields.
    const path = line.slice(second + 1);
    if (line.slice(0, second) === '0:') unified.push(path);
    else legacy.push(path);
  }
  return [...unified, ...legacy];
}
