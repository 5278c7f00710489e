import { UnusablePathError } from '../errors.js';

/** The alert file of a `file` sink cannot be opened for appending. */
export class AlertFileError extends UnusablePathError {
  readonly code = 'ALERT_FILE_UNWRITABLE';

  constructor(file: string, cause: Error) {
    super(file, 'open alert file', cause);
  }
}

/** The spool directory of an `elasticsearch` sink cannot be created or read. */
export class SpoolDirError extends UnusablePathError {
  readonly code = 'SPOOL_DIR_UNUSABLE';

  constructor(dir: string, cause: Error) {
    super(dir, 'use spool directory', cause);
  }
}

/** The CA file of an `elasticsearch` sink cannot be read. */
export class CaFileError extends UnusablePathError {
  readonly code = 'ES_CA_FILE_UNREADABLE';

  constructor(file: string, cause: Error) {
    super(file, 'read CA file', cause);
  }
}
