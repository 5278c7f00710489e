// Files the sensor writes as root that name processes and addresses (recordings,
// alert files, the alert spool). O_NOFOLLOW refuses a symlink planted at the path, and a
// file it creates is readable by root only.
import { constants, openSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

const APPEND_FLAGS =
  constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
export const PRIVATE_FILE_MODE = 0o600;

/** Opens `file` for appending, creating it 0600; throws what open(2) reports. */
export function openPrivateAppendSync(file: string): number {
  return openSync(file, APPEND_FLAGS, PRIVATE_FILE_MODE);
}

/** The same as openPrivateAppendSync, off the event loop; `extraFlags` are or-ed in. */
export function openPrivateAppend(file: string, extraFlags = 0): Promise<FileHandle> {
  return open(file, APPEND_FLAGS | extraFlags, PRIVATE_FILE_MODE);
}

// A regular file takes the whole buffer at once unless the disk fills; loop anyway.
export async function writeAllAsync(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset);
    offset += bytesWritten;
  }
}
