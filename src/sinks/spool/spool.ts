// An on-disk queue of alerts, one NDJSON file per segment, oldest segment first. It is
// bounded by `maxBytes`: when full, whole oldest segments are dropped and counted. Every
// operation runs after the one before it, so appends land in the order they were asked
// for and a reader never sees a segment half-written by this process. The segment being
// read is sealed: later appends start a new one, so removing it loses nothing.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { openPrivateAppend, writeAllAsync } from '../../fs/private-file.js';
import type { Logger } from '../../log/logger.js';
import type { SinkCounters } from '../counters.js';
import { SpoolDirError } from '../errors.js';
import { countLines, listSegments, type Segment, segmentPath } from './segments.js';

const SEGMENT_MAX_BYTES = 1024 * 1024;

export interface SpooledSegment {
  seq: number;
  lines: string[];
}

export class Spool {
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private reading: number | undefined;
  private readonly segmentBytes: number;

  private constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private segments: Segment[],
    readonly counters: SinkCounters,
    private readonly log: Logger,
  ) {
    this.segmentBytes = Math.min(SEGMENT_MAX_BYTES, Math.ceil(maxBytes / 8));
    counters.spoolBytes = segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /** Creates the directory (0700) if needed and takes over what an earlier run left. */
  static async open(
    dir: string,
    maxBytes: number,
    counters: SinkCounters,
    log: Logger,
  ): Promise<Spool> {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      return new Spool(dir, maxBytes, await listSegments(dir), counters, log);
    } catch (error) {
      throw new SpoolDirError(dir, error as Error);
    }
  }

  /** True when nothing is spooled and no append is under way. */
  get isEmpty(): boolean {
    return this.pending === 0 && this.segments.length === 0;
  }

  /** Adds NDJSON lines (without their newline) after everything spooled before. */
  append(lines: string[]): Promise<void> {
    this.pending += 1;
    return this.serial(() => this.appendNow(lines)).finally(() => {
      this.pending -= 1;
    });
  }

  /** The oldest segment's lines; it stays on disk until remove(). */
  takeOldest(): Promise<SpooledSegment | undefined> {
    return this.serial(() => this.readOldest());
  }

  remove(seq: number): Promise<void> {
    return this.serial(() => this.removeNow(seq));
  }

  /** Resolves when every operation asked for so far has finished. */
  settled(): Promise<void> {
    return this.serial(async () => {});
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.chain.then(operation);
    this.chain = next.catch(() => {});
    return next;
  }

  private async appendNow(lines: string[]): Promise<void> {
    try {
      const kept = await this.makeRoom(lines);
      if (kept.length === 0) return;

      const text = `${kept.join('\n')}\n`;
      const bytes = Buffer.byteLength(text);
      await this.writeSegment(this.targetFor(bytes), text);
      this.counters.spoolBytes += bytes;
      this.counters.spooled += kept.length;
    } catch (error) {
      this.counters.failed += lines.length;
      this.log.warn({ err: error, dir: this.dir, lost: lines.length }, 'alert spool write failed');
    }
  }

  // Drops the oldest segments (never the one being read) until `lines` fit; if they
  // still do not, drops their own oldest lines.
  private async makeRoom(lines: string[]): Promise<string[]> {
    const bytesOf = (some: string[]) => some.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    let dropped = 0;
    let oldest = this.segments.find((s) => s.seq !== this.reading);

    while (oldest && this.counters.spoolBytes + bytesOf(lines) > this.maxBytes) {
      dropped += await this.dropSegment(oldest);
      oldest = this.segments.find((s) => s.seq !== this.reading);
    }
    const kept = [...lines];
    while (kept.length > 0 && this.counters.spoolBytes + bytesOf(kept) > this.maxBytes) {
      kept.shift();
      dropped += 1;
    }

    this.reportDropped(dropped);
    return kept;
  }

  private async dropSegment(segment: Segment): Promise<number> {
    const path = segmentPath(this.dir, segment.seq);
    const lines = countLines(await readFile(path, 'utf8'));

    await rm(path, { force: true });
    this.forget(segment);
    return lines;
  }

  private reportDropped(dropped: number): void {
    if (dropped === 0) return;

    this.counters.dropped += dropped;
    this.log.warn(
      { dir: this.dir, lost: dropped, counters: { ...this.counters } },
      'alert spool full',
    );
  }

  private targetFor(bytes: number): Segment {
    const last = this.segments.at(-1);
    const fits = last && last.seq !== this.reading && last.bytes + bytes <= this.segmentBytes;
    if (last && fits) return last;

    const segment = { seq: (last?.seq ?? 0) + 1, bytes: 0 };
    this.segments.push(segment);
    return segment;
  }

  private async writeSegment(segment: Segment, text: string): Promise<void> {
    const handle = await openPrivateAppend(segmentPath(this.dir, segment.seq));
    try {
      await writeAllAsync(handle, Buffer.from(text));
      await handle.sync();
      segment.bytes += Buffer.byteLength(text);
    } finally {
      await handle.close();
    }
  }

  private async readOldest(): Promise<SpooledSegment | undefined> {
    const oldest = this.segments[0];
    if (oldest === undefined) return undefined;

    this.reading = oldest.seq;
    // A segment whose first write failed was never created; it reads as empty.
    const text = await readFile(segmentPath(this.dir, oldest.seq), 'utf8').catch(() => '');
    return { seq: oldest.seq, lines: text.split('\n').filter((line) => line !== '') };
  }

  private async removeNow(seq: number): Promise<void> {
    await rm(segmentPath(this.dir, seq), { force: true });

    const segment = this.segments.find((s) => s.seq === seq);
    if (segment) this.forget(segment);
    if (this.reading === seq) this.reading = undefined;
  }

  private forget(segment: Segment): void {
    this.segments = this.segments.filter((s) => s !== segment);
    this.counters.spoolBytes -= segment.bytes;
  }
}
