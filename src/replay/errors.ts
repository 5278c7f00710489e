import { RwxwatchError, UnusablePathError } from '../errors.js';

/** An input file could not be opened or read; nothing was replayed. */
export class ReplayInputError extends RwxwatchError {
  readonly code = 'REPLAY_INPUT_UNREADABLE';

  constructor(
    readonly file: string,
    cause: Error,
  ) {
    super(`cannot read ${file}: ${cause.message}`, { cause });
  }
}

/** `rwxwatch replay` was given no file to read. */
export class MissingReplayInputError extends RwxwatchError {
  readonly code = 'REPLAY_NO_INPUT';

  constructor() {
    super('replay needs at least one FILE (rwxwatch replay --help)');
  }
}

/** The recording file of `run --record` cannot be opened for appending. */
export class RecordFileError extends UnusablePathError {
  readonly code = 'RECORD_FILE_UNWRITABLE';

  constructor(file: string, cause: Error) {
    super(file, 'open recording file', cause);
  }
}

/**
 * One field of an input document is missing or out of range. Parsers throw it from
 * deep inside and turn it into a malformed line at their top; it never leaves them.
 */
export class InvalidFieldError extends RwxwatchError {
  readonly code = 'REPLAY_FIELD_INVALID';

  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${field}: ${expected}`);
  }
}
