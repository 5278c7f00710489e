import { type HostReader, readText } from './host-reader.js';

/** Where the sensor mounts tracefs when the host has not. */
export const TRACEFS_DEFAULT = '/sys/kernel/tracing';

export interface Tracefs {
  /** Where tracefs is reachable, preferring the standard mount point; undefined if nowhere. */
  path: string | undefined;
}

/**
 * Finds tracefs from the mount table: a tracefs mount, or debugfs's `tracing`
 * directory (older setups, which the kernel automounts there).
 */
export function findTracefs(reader: HostReader): Tracefs {
  const mounts = readText(reader, '/proc/self/mounts') ?? '';
  const candidates: string[] = [];

  for (const line of mounts.split('\n')) {
    const [, target, type] = line.split(' ');
    if (target === undefined) continue;
    if (type === 'tracefs') candidates.push(target);
    if (type === 'debugfs') candidates.push(`${target}/tracing`);
  }
  const preferred = candidates.find((path) => path === TRACEFS_DEFAULT);
  return { path: preferred ?? candidates[0] };
}
