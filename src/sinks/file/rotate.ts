import { rename, rm } from 'node:fs/promises';

/**
 * Shifts `file` to `file.1`, `file.1` to `file.2` and so on; what was `file.<keep>` is
 * replaced, so at most `keep` rotated files remain. With keep 0 the file is removed.
 * Limitation: rotated files past `keep` left by an earlier, larger setting stay on disk.
 */
export async function rotate(file: string, keep: number): Promise<void> {
  if (keep === 0) {
    await rm(file, { force: true });
    return;
  }

  for (let n = keep - 1; n >= 1; n -= 1) {
    await renameIfPresent(`${file}.${n}`, `${file}.${n + 1}`);
  }
  await renameIfPresent(file, `${file}.1`);
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
