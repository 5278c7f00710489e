// Files the sensor writes as root that name processes and addresses (recordings,
// alert files, the alert spool, saved state). O_NOFOLLOW refuses a symlink planted at the
// path, a file it creates is readable by root only, and so is a directory it creates for
// one.
import { constants, mkdirSync, openSync } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

const APPEND_FLAGS =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Opens `file` for appending, creating it 0600 and any missing directory above it 0700;
 * throws what mkdir(2) or open(2) reports.
 */
export function openPrivateAppendSync(file: string): number {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  return openSync(file, APPEND_FLAGS, PRIVATE_FILE_MODE);
}

/** The same as openPrivateAppendSync, off the event loop; `extraFlags` are or-ed in. */
export async function openPrivateAppend(file: string, extraFlags = 0): Promise<FileHandle> {
  await mkdir(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  return open(file, APPEND_FLAGS | extraFlags, PRIVATE_FILE_MODE);
}

// A regular file takes the whole buffer at once unless the disk fills; loop anyway.
export async function writeAllAsync(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset);
    offset += bytesWritten;
  }
}
