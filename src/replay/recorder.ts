// Writes the events the live sensor decodes to a recording (sensor-format.ts) that
// `rwxwatch replay` reads back. It sits on the event path, so it never throws there:
// lines are buffered, written in one call per flush, and a failed write is counted
// (with one warn per run of failures), never raised.
import { closeSync, writeSync } from 'node:fs';
import type { SensorEvent } from '../events/types.js';
import { openPrivateAppendSync } from '../fs/private-file.js';
import type { HostInfo } from '../host/host-info.js';
import type { Logger } from '../log/logger.js';
import { RecordFileError } from './errors.js';
import { formatRecordLine } from './sensor-format.js';

/** Buffered bytes that trigger a write; the timer writes whatever is left. */
export const FLUSH_BYTES = 64 * 1024;
export const FLUSH_INTERVAL_MS = 1000;

export interface RecorderStats {
  /** Events handed to record(). */
  events: number;
  /** Lines written whole. */
  written: number;
  /** Lines lost to failed writes. */
  failed: number;
}

export class Recorder {
  readonly stats: RecorderStats = { events: 0, written: 0, failed: 0 };
  private pending: string[] = [];
  private pendingBytes = 0;
  private failing = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    private readonly host: HostInfo,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Opens `file` to append, 0600 and no symlinks; throws RecordFileError when it cannot. */
  static open(file: string, host: HostInfo, log: Logger): Recorder {
    try {
      return new Recorder(file, openPrivateAppendSync(file), host, log);
    } catch (error) {
      throw new RecordFileError(file, error as Error);
    }
  }

  record(event: SensorEvent): void {
    this.stats.events += 1;
    const line = formatRecordLine(event, { id: this.host.id, name: this.host.name });

    this.pending.push(line);
    this.pendingBytes += Buffer.byteLength(line);
    if (this.pendingBytes >= FLUSH_BYTES) {
      this.flush();
    }
  }

  flush(): void {
    if (this.pending.length === 0) {
      return;
    }

    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.write(lines);
  }

  /** Writes what is buffered and closes the file; the recorder is unusable after. */
  close(): void {
    clearInterval(this.timer);
    this.flush();

    try {
      closeSync(this.fd);
    } catch (error) {
      this.log.warn({ err: error, file: this.file }, 'recording file close failed');
    }
  }

  private write(lines: string[]): void {
    try {
      writeAll(this.fd, Buffer.from(lines.join('')));
      this.stats.written += lines.length;
      this.failing = false;
    } catch (error) {
      // Limitation: a write that fails part-way leaves a partial line, which replay
      // then counts as one malformed line.
      this.stats.failed += lines.length;
      if (!this.failing) {
        this.log.warn(
          { err: error, file: this.file, lost: lines.length },
          'recording write failed',
        );
      }
      this.failing = true;
    }
  }
}

// A regular file takes the whole buffer at once unless the disk fills; loop anyway.
function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) {
    offset += writeSync(fd, bytes, offset);
  }
}
