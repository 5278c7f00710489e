// host.os from the host's os-release(5). In a container the host's root is mounted
// elsewhere (hostRoot), and /etc/os-release is usually a symlink; an absolute link target
// is followed inside hostRoot, not inside the container.
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** Where os-release(5) says to look, in order. */
export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'] as const;

const MAX_SYMLINK_HOPS = 8;

/** host.os fields an os-release file supplies. */
export interface OsRelease {
  name?: string;
  version?: string;
  /** The distribution this one derives from (first of ID_LIKE), else its own id. */
  family?: string;
  /** The distribution's id, e.g. `ubuntu`. */
  platform?: string;
  full?: string;
}

export function readOsRelease(hostRoot: string): OsRelease | undefined {
  for (const path of OS_RELEASE_PATHS) {
    const text = readInRoot(hostRoot, path);
    if (text !== undefined) return osReleaseFields(parseOsRelease(text));
  }
  return undefined;
}

export function osReleaseFields(values: ReadonlyMap<string, string>): OsRelease {
  const platform = values.get('ID');
  const family = values.get('ID_LIKE')?.split(' ')[0] || platform;

  return {
    name: values.get('NAME'),
    version: values.get('VERSION_ID'),
    family,
    platform,
    full: values.get('PRETTY_NAME'),
  };
}

/** KEY=value lines; values may be quoted, with shell-style backslash escapes. */
export function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();

  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;

    values.set(match[1], unquote(match[2]));
  }
  return values;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if ((quote !== '"' && quote !== "'") || !raw.endsWith(quote) || raw.length < 2) return raw;

  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

// Only the file itself is resolved, not symlinked directories on the way to it.
function readInRoot(root: string, path: string): string | undefined {
  let inside = path;

  try {
    for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop += 1) {
      const full = join(root, inside);
      if (!lstatSync(full).isSymbolicLink()) return readFileSync(full, 'utf8');

      const target = readlinkSync(full);
      inside = isAbsolute(target) ? target : join(dirname(inside), target);
    }
  } catch {
    return undefined;
  }
  return undefined;
}
