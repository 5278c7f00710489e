import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type PathState = 'present' | 'absent' | 'denied';

/**
 * The only way checks see the host, so tests can hand them a fake /proc and /sys.
 * Paths are absolute as on the host; a reader may serve them from another root.
 */
export interface HostReader {
  state(path: string): PathState;
  /** The file's bytes, or undefined when it is absent or unreadable. */
  read(path: string): Buffer | undefined;
}

const DENIED = new Set(['EACCES', 'EPERM']);

/** Reads the host's files under `root` (`/` for the real host). */
export function hostReader(root = '/'): HostReader {
  return {
    state: (path) => stateOf(join(root, path)),
    read: (path) => readOrUndefined(join(root, path)),
  };
}

function stateOf(path: string): PathState {
  try {
    statSync(path);
    return 'present';
  } catch (error) {
    return DENIED.has((error as NodeJS.ErrnoException).code ?? '') ? 'denied' : 'absent';
  }
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The file as trimmed text, or undefined. */
export function readText(reader: HostReader, path: string): string | undefined {
  return reader.read(path)?.toString('utf8').trim();
}
