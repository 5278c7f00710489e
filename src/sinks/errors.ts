import { RwxwatchError } from '../errors.js';

/** A configured sink cannot be set up; the sensor does not start without it. */
export abstract class SinkSetupError extends RwxwatchError {}

/** The alert file of a `file` sink cannot be opened for appending. */
export class AlertFileError extends SinkSetupError {
  readonly code = 'ALERT_FILE_UNWRITABLE';

  constructor(
    readonly file: string,
    cause: Error,
  ) {
    super(`cannot open alert file ${file}: ${cause.message}`, { cause });
  }
}

/** The spool directory of an `elasticsearch` sink cannot be created or read. */
export class SpoolDirError extends SinkSetupError {
  readonly code = 'SPOOL_DIR_UNUSABLE';

  constructor(
    readonly dir: string,
    cause: Error,
  ) {
    super(`cannot use spool directory ${dir}: ${cause.message}`, { cause });
  }
}

/** The CA file of an `elasticsearch` sink cannot be read. */
export class CaFileError extends SinkSetupError {
  readonly code = 'ES_CA_FILE_UNREADABLE';

  constructor(
    readonly file: string,
    cause: Error,
  ) {
    super(`cannot read CA file ${file}: ${cause.message}`, { cause });
  }
}
