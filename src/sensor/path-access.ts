// Whether plain file permissions let this process at a path, i.e. what it can still do
// once CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH are gone. uid 0 without them is an ordinary
// owner: it gets the owner, group or other bits like anyone else.
//
// Limitation: POSIX ACLs and LSMs are not consulted; an ACL that grants root more than
// the mode bits is not seen, so a capability is kept that was not needed.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
  mode: number;
}

/** Who asks, and how a path is looked at; both replaceable in tests. */
export interface AccessContext {
  uid: number;
  gids: number[];
  stat: (path: string) => Owner | undefined;
}

const R = 4;
const W = 2;
const X = 1;

export function currentAccess(): AccessContext {
  const gids = [process.getegid?.() ?? 0, ...(process.getgroups?.() ?? [])];
  return { uid: process.geteuid?.() ?? 0, gids, stat: statOrUndefined };
}

/** Create, rename and remove entries in `dir` (absolute) without overriding permissions. */
export function canWriteDir(dir: string, context: AccessContext): boolean {
  return allows(dir, W | X, context) && canReach(dir, context);
}

/** Read `path` (absolute), or list it when it is a directory. */
export function canRead(path: string, context: AccessContext): boolean {
  return allows(path, R, context) && canReach(path, context);
}

// Search (x) on every directory above `path`.
function canReach(path: string, context: AccessContext): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (!allows(dir, X, context)) return false;
    if (dir === '/') return true;
  }
}

// An unknown path counts as refused: the caller then keeps the capability.
function allows(path: string, wanted: number, context: AccessContext): boolean {
  const owner = context.stat(path);
  if (owner === undefined) return false;

  return (permissionBits(owner, context) & wanted) === wanted;
}

// The kernel uses exactly one class: owner if the uid matches, else group, else other.
function permissionBits(owner: Owner, context: AccessContext): number {
  if (owner.uid === context.uid) return (owner.mode >> 6) & 7;
  if (context.gids.includes(owner.gid)) return (owner.mode >> 3) & 7;
  return owner.mode & 7;
}

function statOrUndefined(path: string): Owner | undefined {
  try {
    const { uid, gid, mode } = statSync(path);
    return { uid, gid, mode };
  } catch {
    return undefined;
  }
}
