// Saves the correlator's state to a file and restores it at start, so a restart within
// the look-back (an upgrade, a crash, a rescheduled pod) does not forget the first half
// of a pair. The file is written whole to a temporary name and renamed over the old
// one, so a crash while saving leaves the previous save, never half a file.
//
// A saved state that cannot be used (damaged, another host, another boot, another
// profile) is reported and set aside; the sensor then starts empty rather than not at
// all, since detection matters more than the few minutes of history.
import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Correlator } from '../correlate/correlator.js';
import {
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_VERSION,
  SnapshotRejected,
  type SnapshotScope,
} from '../correlate/snapshot.js';
import { UnusablePathError } from '../errors.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../fs/private-file.js';
import type { Logger } from '../log/logger.js';

const WRITE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** The state file cannot be written. */
export class StateFileError extends UnusablePathError {
  readonly code = 'STATE_FILE_UNWRITABLE';

  constructor(file: string, cause: Error) {
    super(file, 'write state file', cause);
  }
}

/** The kernel's id for this boot; pids and kernel times are only meaningful within it. */
export function readBootId(procRoot: string): string {
  return readFileSync(join(procRoot, 'sys/kernel/random/boot_id'), 'utf8').trim();
}

export class StateStore {
  constructor(
    readonly file: string,
    private readonly scope: SnapshotScope,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Restores the saved state into `correlator`, if there is a usable one. */
  restoreInto(correlator: Correlator): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (code === 'ENOENT') this.log.info({ file: this.file }, 'no saved state');
      else this.log.warn({ file: this.file, error: message }, 'saved state unreadable');
      return;
    }

    try {
      const snapshot = decodeSnapshot(text, this.scope);
      const keys = correlator.restore(snapshot.state);
      const savedAt = new Date(snapshot.savedAtMs).toISOString();
      this.log.info({ file: this.file, savedAt, keys }, 'saved state restored');
    } catch (error) {
      if (!(error instanceof SnapshotRejected)) throw error;
      this.setAside(error.message);
    }
  }

  /** Writes the correlator's state; throws StateFileError when it cannot. */
  save(correlator: Correlator): void {
    const text = encodeSnapshot({
      version: SNAPSHOT_VERSION,
      ...this.scope,
      savedAtMs: this.now(),
      state: correlator.snapshot(),
    });
    const temporary = `${this.file}.tmp`;

    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
      // A leftover from a crash may be a symlink planted by someone else; never follow it.
      rmSync(temporary, { force: true });
      const fd = openSync(temporary, WRITE_FLAGS, PRIVATE_FILE_MODE);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
    } catch (error) {
      throw new StateFileError(this.file, error as Error);
    }
  }

  // Kept for whoever wants to look at it, under a name the next start does not read.
  private setAside(reason: string): void {
    const aside = `${this.file}.rejected`;
    try {
      renameSync(this.file, aside);
    } catch {
      // Reported below either way; the next save replaces the file.
    }
    this.log.warn({ file: this.file, setAsideAs: aside, reason }, 'saved state not used');
  }
}
