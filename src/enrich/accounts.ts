// User and group names from the host's own /etc/passwd and /etc/group. The kernel
// reports ids as the host numbers them (the initial user namespace), so the host's
// files are the right table even for a process inside a container.
//
// Limitation: only the files are read, not NSS: users from LDAP, SSSD or systemd's
// DynamicUser have no name in the alert (NOT_FOUND), and names a container's own
// /etc/passwd gives its users are not shown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failed, found } from './missing.js';
import type { Read } from './types.js';

/** How long a read of the account files is trusted before they are read again. */
export const ACCOUNTS_REFRESH_MS = 60_000;

interface Table {
  path: string;
  names: Read<Map<number, string>>;
}

export class Accounts {
  private users: Table | undefined;
  private groups: Table | undefined;
  private loadedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly hostRoot: string,
    private readonly now: () => number,
  ) {}

  userName(uid: number): Read<string> {
    this.refresh();
    return lookup(this.users, uid, 'uid');
  }

  groupName(gid: number): Read<string> {
    this.refresh();
    return lookup(this.groups, gid, 'gid');
  }

  private refresh(): void {
    const nowMs = this.now();
    if (nowMs - this.loadedAtMs < ACCOUNTS_REFRESH_MS) return;

    this.users = loadTable(join(this.hostRoot, 'etc', 'passwd'));
    this.groups = loadTable(join(this.hostRoot, 'etc', 'group'));
    this.loadedAtMs = nowMs;
  }
}

function lookup(table: Table | undefined, id: number, kind: string): Read<string> {
  if (table === undefined) return failed('NOT_LOADED: account files not read');
  if (!table.names.ok) return table.names;

  const name = table.names.value.get(id);
  if (name === undefined) return failed(`NOT_FOUND: ${kind} ${id} not in ${table.path}`);
  return found(name);
}

function loadTable(path: string): Table {
  try {
    return { path, names: found(parseAccounts(readFileSync(path, 'utf8'))) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    return { path, names: failed(`${code}: cannot read ${path}`) };
  }
}

/**
 * passwd and group share their first three fields: name, password, numeric id. The
 * first entry for an id wins, as getpwuid(3) answers from files.
 */
export function parseAccounts(text: string): Map<number, string> {
  const names = new Map<number, string>();

  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name === undefined || id === undefined || !/^\d+$/.test(id)) continue;

    const numeric = Number(id);
    if (name !== '' && !names.has(numeric)) names.set(numeric, name);
  }
  return names;
}
