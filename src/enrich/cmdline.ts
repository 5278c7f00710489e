// /proc/<pid>/cmdline, bounded: a command line can reach 6 MiB and an alert should not.
// The whole line is scanned to count the arguments, but only its head is kept.
import { failed, found, procReason, REASON } from './missing.js';
import { eachChunk } from './proc-file.js';
import type { Args, Read } from './types.js';

/** Arguments kept per process; the rest are counted in args_count only. */
export const MAX_ARGS = 128;
/** Bytes of the command line kept (NUL separators included); the last kept arg may be cut. */
export const MAX_ARGS_BYTES = 8 * 1024;
/**
 * The kernel caps argv plus environment at 3/4 of the 8 MiB stack limit (fs/exec.c), so
 * a longer cmdline cannot come from execve; past this the count is given up.
 */
export const MAX_CMDLINE_SCAN_BYTES = 6 * 1024 * 1024;

/** What one pass over the file saw: its head, its length and its NUL count. */
export interface CmdlineScan {
  head: Buffer;
  totalBytes: number;
  nulCount: number;
  endsWithNul: boolean;
  /** The scan stopped at MAX_CMDLINE_SCAN_BYTES before the end of the file. */
  cutShort: boolean;
}

export function readArgs(path: string): Read<Args> {
  let scan: CmdlineScan;
  try {
    scan = scanCmdline(path);
  } catch (error) {
    return failed(procReason(error));
  }

  // A kernel thread has no command line; an exited process no longer has one.
  if (scan.totalBytes === 0) return failed(REASON.emptyCmdline);
  return found(boundArgs(scan));
}

// Only the first totalBytes of head are ever read, so it need not be zeroed.
export function scanCmdline(path: string): CmdlineScan {
  const head = Buffer.allocUnsafe(MAX_ARGS_BYTES);
  const scan = { totalBytes: 0, nulCount: 0, endsWithNul: false, cutShort: false };

  eachChunk(path, (chunk) => {
    if (scan.totalBytes < MAX_ARGS_BYTES) chunk.copy(head, scan.totalBytes);
    scan.nulCount += countNuls(chunk);
    scan.endsWithNul = chunk[chunk.length - 1] === 0;
    scan.totalBytes += chunk.length;
    scan.cutShort = scan.totalBytes >= MAX_CMDLINE_SCAN_BYTES;
    return !scan.cutShort;
  });
  return { ...scan, head: head.subarray(0, Math.min(scan.totalBytes, MAX_ARGS_BYTES)) };
}

function countNuls(chunk: Buffer): number {
  let count = 0;
  for (let i = chunk.indexOf(0); i !== -1; i = chunk.indexOf(0, i + 1)) count += 1;
  return count;
}

/**
 * Arguments are NUL-terminated. A last piece without its NUL is an arg cut by the byte
 * bound, or a process that rewrote its command line (setproctitle) without one.
 */
export function boundArgs(scan: CmdlineScan): Args {
  const values = splitHead(scan.head);
  const realCount = scan.nulCount + (scan.endsWithNul ? 0 : 1);
  const count: Read<number> = scan.cutShort
    ? failed('TOO_LONG: command line past the scan limit, arguments not counted')
    : found(realCount);
  const truncated = scan.totalBytes > scan.head.length || values.length < realCount;

  return { values, count, truncated };
}

// A cut multi-byte character decodes as U+FFFD.
function splitHead(head: Buffer): string[] {
  const values: string[] = [];
  let start = 0;

  for (let end = head.indexOf(0); end !== -1; end = head.indexOf(0, start)) {
    if (values.length === MAX_ARGS) return values;
    values.push(head.toString('utf8', start, end));
    start = end + 1;
  }
  if (start < head.length && values.length < MAX_ARGS) values.push(head.toString('utf8', start));
  return values;
}
