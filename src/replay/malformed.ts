import type { Logger } from '../log/logger.js';

/** Malformed lines logged one by one per file; past this, only the summary counts. */
export const MALFORMED_LINES_LOGGED = 20;

/**
 * Reports the malformed lines of one file: each of the first few at warn with its line
 * number, then one summary with the total. The line's text is never logged: it may
 * come from a monitored process and be of any length.
 */
export class MalformedReporter {
  private count = 0;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  note(line: number, reason: string): void {
    this.count += 1;
    if (this.count <= MALFORMED_LINES_LOGGED) {
      this.log.warn({ file: this.file, line, reason }, 'malformed line');
    }
  }

  finish(): void {
    if (this.count === 0) {
      return;
    }

    const logged = Math.min(this.count, MALFORMED_LINES_LOGGED);
    this.log.warn({ file: this.file, malformed: this.count, logged }, 'malformed lines in file');
  }
}
