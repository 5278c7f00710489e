// Reads of procfs files. procfs reports a size of 0 for its files, which makes
// readFileSync stat, guess and grow; reading into one scratch buffer until EOF costs a
// third as much. These reads are on the pipeline's path for every new process.
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes asked of the kernel per read: a stat, status or cgroup file fits in one. */
export const PROC_READ_CHUNK_BYTES = 16 * 1024;

// Shared by every read: they are synchronous, so no two are ever in flight.
const scratch = Buffer.allocUnsafe(PROC_READ_CHUNK_BYTES);

/** Calls `visit` with each chunk until EOF or until it returns false. Throws like fs. */
export function eachChunk(path: string, visit: (chunk: Buffer) => boolean): void {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const bytes = readSync(fd, scratch, 0, scratch.length, null);
      if (bytes === 0 || !visit(scratch.subarray(0, bytes))) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** The whole file as UTF-8. Throws like fs. */
export function readProcText(path: string): string {
  const chunks: Buffer[] = [];

  eachChunk(path, (chunk) => chunks.push(Buffer.from(chunk)) > 0);
  return Buffer.concat(chunks).toString('utf8');
}
