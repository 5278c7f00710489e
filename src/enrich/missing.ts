// Why a field is missing, in words an analyst can act on. Every reason starts with a
// stable code so alerts can be filtered on it.
import type { MissingField, Read } from './types.js';

export const REASON = {
  exited: 'ENOENT: process exited',
  pidReused: 'PID_REUSED: a later process holds this pid',
  imageChanged: 'IMAGE_CHANGED: the process ran another program or renamed itself since',
  emptyCmdline: 'EMPTY_CMDLINE: kernel thread or exited process',
  noKernelContext: 'NO_KERNEL_CONTEXT: the event source did not record it',
  noParent: 'NO_PARENT: the process has no parent in this pid namespace',
} as const;

/** A failed procfs read as a reason; a vanished process shows up as ENOENT or ESRCH. */
export function procReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';

  if (code === 'ENOENT' || code === 'ESRCH') return REASON.exited;
  if (code === 'EACCES' || code === 'EPERM') return `${code}: permission denied`;
  return `${code}: read failed`;
}

export function failed<T>(reason: string): Read<T> {
  return { ok: false, reason };
}

export function found<T>(value: T): Read<T> {
  return { ok: true, value };
}

/** Collects the fields an alert has to leave out while their values are unpacked. */
export class MissingFields {
  readonly list: MissingField[] = [];

  /** The value, or undefined after noting `field` as missing. */
  take<T>(field: string, read: Read<T>): T | undefined {
    if (read.ok) return read.value;

    this.add(field, read.reason);
    return undefined;
  }

  add(field: string, reason: string): void {
    this.list.push({ field, reason });
  }
}
