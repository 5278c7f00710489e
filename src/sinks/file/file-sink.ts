// Appends alerts to a file as NDJSON. Durability policy: write() only queues; the alerts
// queued during one turn of the event loop are written together in one append and made
// durable with one fsync, then counted in `written`. So an alert counted as written
// survives a crash of the sensor or of the machine; a kill -9 loses at most the alerts
// of the batch not yet written, never a line already written, and never leaves half of
// one (each append is whole lines, and O_APPEND writes land at the end in order).
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EcsAlert } from '../../alerts/ecs.js';
import type { AlertSink } from '../../alerts/sink.js';
import { openPrivateAppend, writeAllAsync } from '../../fs/private-file.js';
import type { Logger } from '../../log/logger.js';
import type { FileSinkConfig } from '../config.js';
import { newCounters } from '../counters.js';
import { AlertFileError } from '../errors.js';
import { chunkLines } from './chunks.js';
import { rotate } from './rotate.js';

type Options = Pick<FileSinkConfig, 'path' | 'maxBytes' | 'keep' | 'queueMax'>;

export class FileSink implements AlertSink {
  readonly counters = newCounters();
  private queue: string[] = [];
  private draining: Promise<void> | undefined;
  private failing = false;
  private overflowing = false;
  private closed = false;

  private constructor(
    private readonly options: Options,
    private handle: FileHandle,
    private size: number,
    private readonly log: Logger,
  ) {}

  /** Opens the file for appending; throws AlertFileError when it cannot. */
  static async open(options: Options, log: Logger): Promise<FileSink> {
    try {
      const handle = await openRegularFile(options.path);
      const { size } = await stat(options.path);
      return new FileSink(options, handle, size, log);
    } catch (error) {
      throw new AlertFileError(options.path, error as Error);
    }
  }

  write(alert: EcsAlert): void {
    if (this.closed || this.queue.length >= this.options.queueMax) {
      this.drop();
      return;
    }

    this.overflowing = false;
    this.queue.push(`${JSON.stringify(alert)}\n`);
    this.draining ??= this.drain();
  }

  /** Resolves once every alert queued so far is written and synced (or counted failed). */
  flush(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();

    await this.handle.close().catch((error: unknown) => {
      this.log.warn({ err: error, file: this.options.path }, 'alert file close failed');
    });
  }

  private drop(): void {
    this.counters.dropped += 1;
    if (!this.overflowing) {
      this.log.warn({ file: this.options.path, ...this.counters }, 'alert file queue full');
    }
    this.overflowing = true;
  }

  private async drain(): Promise<void> {
    // Lets the rest of this turn's alerts join the batch.
    await nextTurn();

    while (this.queue.length > 0) {
      const lines = this.queue;
      this.queue = [];
      await this.writeBatch(lines);
    }
    this.draining = undefined;
  }

  private async writeBatch(lines: string[]): Promise<void> {
    const { maxBytes, path } = this.options;
    const chunks = chunkLines(lines, this.size, maxBytes);

    for (const [index, chunk] of chunks.entries()) {
      try {
        if (index > 0) await this.rotate();
        await this.append(chunk);
      } catch (error) {
        this.fail(error, chunk.length, path);
      }
    }
  }

  private async append(chunk: Buffer[]): Promise<void> {
    if (chunk.length === 0) return;

    const bytes = Buffer.concat(chunk);
    await writeAllAsync(this.handle, bytes);
    await this.handle.sync();
    this.size += bytes.length;
    this.counters.written += chunk.length;
    this.failing = false;
  }

  private async rotate(): Promise<void> {
    const { path, keep } = this.options;
    await this.handle.close();

    // Reopened even when the rename failed, so one failed rotation does not stop writing.
    try {
      await rotate(path, keep);
    } finally {
      this.handle = await openRegularFile(path);
      this.size = (await this.handle.stat()).size;
    }
  }

  private fail(error: unknown, lost: number, file: string): void {
    this.counters.failed += lost;
    if (!this.failing) {
      this.log.warn({ err: error, file, lost }, 'alert file write failed');
    }
    this.failing = true;
  }
}

// Only a regular file: a named pipe or a device fails every fsync, and a pipe whose reader
// stopped reading blocks a write in the kernel, where no close can cancel it and Node
// cannot exit (its exit waits for the blocked thread). O_NONBLOCK keeps the open from
// waiting for a pipe's reader; it changes nothing for a regular file.
async function openRegularFile(path: string): Promise<FileHandle> {
  const handle = await openPrivateAppend(path, constants.O_NONBLOCK);
  if ((await handle.stat()).isFile()) return handle;

  await handle.close();
  throw new Error('not a regular file');
}
