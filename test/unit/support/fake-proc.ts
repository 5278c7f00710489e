// Fixture procfs and host trees in a temp dir, shaped like the real ones the enricher
// reads: <procRoot>/<pid>/{stat,exe,cwd,cmdline,cgroup} and <hostRoot>/etc/*.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 10 ms per tick (USER_HZ 100): stat's start time for a process started at startNs. */
export const NS_PER_TICK = 10_000_000n;

export interface FakeProcess {
  pid: number;
  name: string;
  ppid: number;
  startNs: bigint;
  /** Symlink targets; absent means no link (as for a kernel thread or zombie). */
  exe?: string;
  cwd?: string;
  /** Raw bytes or args joined with NUL terminators. */
  cmdline?: Buffer | string[];
  cgroup?: string;
}

export interface FakeHost {
  passwd?: string;
  group?: string;
  osRelease?: string;
  machineId?: string;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `rwxwatch-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A stat line as the kernel writes it: 52 fields, start time in field 22. */
export function statLine(pid: number, name: string, ppid: number, startNs: bigint): string {
  const middle = Array.from({ length: 17 }, () => '0');
  const tail = Array.from({ length: 30 }, () => '0');

  return [pid, `(${name})`, 'S', ppid, ...middle, startNs / NS_PER_TICK, ...tail].join(' ');
}

export function writeProcess(procRoot: string, process: FakeProcess): void {
  const dir = join(procRoot, String(process.pid));
  mkdirSync(dir, { recursive: true });

  writeFileSync(
    join(dir, 'stat'),
    `${statLine(process.pid, process.name, process.ppid, process.startNs)}\n`,
  );
  if (process.exe !== undefined) symlinkSync(process.exe, join(dir, 'exe'));
  if (process.cwd !== undefined) symlinkSync(process.cwd, join(dir, 'cwd'));
  writeFileSync(join(dir, 'cmdline'), cmdlineBytes(process.cmdline ?? []));
  if (process.cgroup !== undefined) writeFileSync(join(dir, 'cgroup'), process.cgroup);
}

export function cmdlineBytes(cmdline: Buffer | string[]): Buffer {
  if (Buffer.isBuffer(cmdline)) return cmdline;

  return Buffer.from(cmdline.map((arg) => `${arg}\0`).join(''));
}

export function writeHost(hostRoot: string, host: FakeHost): void {
  const etc = join(hostRoot, 'etc');
  mkdirSync(etc, { recursive: true });

  if (host.passwd !== undefined) writeFileSync(join(etc, 'passwd'), host.passwd);
  if (host.group !== undefined) writeFileSync(join(etc, 'group'), host.group);
  if (host.osRelease !== undefined) writeFileSync(join(etc, 'os-release'), host.osRelease);
  if (host.machineId !== undefined) writeFileSync(join(etc, 'machine-id'), host.machineId);
}

export const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
  'alice:x:1000:1000:Alice:/home/alice:/bin/bash',
  '',
].join('\n');

export const GROUP = [
  'root:x:0:',
  'www-data:x:33:',
  'alice:x:1000:',
  'staff:x:1001:alice',
  '',
].join('\n');

/** The host account files with PASSWD and GROUP. */
export function writeAccounts(hostRoot: string): void {
  writeHost(hostRoot, { passwd: PASSWD, group: GROUP });
}
