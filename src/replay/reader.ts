// Reads every input file and merges their events by event time. All files are opened
// before any is read, so a missing file stops the replay before a single alert.
// Limitation: the events of all files are held in memory to be sorted (exports are
// often newest first); only events for the rule are kept, not the lines.
import { type FileHandle, open } from 'node:fs/promises';
import type { Logger } from '../log/logger.js';
import { ReplayInputError } from './errors.js';
import { FileParser, type FileSummary } from './file-parser.js';
import { MalformedReporter } from './malformed.js';
import type { ReplayEvent } from './types.js';

export interface ReplayInput {
  /** Every event of every file, oldest first. */
  events: ReplayEvent[];
  files: FileSummary[];
}

export async function readInputs(files: readonly string[], log: Logger): Promise<ReplayInput> {
  const handles = await openAll(files);
  const events: ReplayEvent[] = [];
  const summaries: FileSummary[] = [];

  try {
    for (const [index, handle] of handles.entries()) {
      const file = files[index] as string;
      const parser = new FileParser(file, index, events, new MalformedReporter(file, log));
      summaries.push(await readLines(file, handle, parser));
      log.info(summaries.at(-1), 'input read');
    }
  } finally {
    await closeAll(handles);
  }
  return { events: mergeByTime(events), files: summaries };
}

/** Oldest first; ties keep command-line order, then line order. */
export function mergeByTime(events: ReplayEvent[]): ReplayEvent[] {
  return events.sort(
    (a, b) => a.event.timeMs - b.event.timeMs || a.fileIndex - b.fileIndex || a.line - b.line,
  );
}

async function readLines(file: string, handle: FileHandle, parser: FileParser) {
  try {
    for await (const text of handle.readLines({ encoding: 'utf8', autoClose: false })) {
      parser.line(text);
    }
  } catch (error) {
    // Only the file's own I/O failures are the input's fault; anything else is a bug.
    if (isSystemError(error)) {
      throw new ReplayInputError(file, error);
    }
    throw error;
  }

  return parser.end();
}

async function openAll(files: readonly string[]): Promise<FileHandle[]> {
  const handles: FileHandle[] = [];

  try {
    for (const file of files) {
      handles.push(await openInput(file));
    }
  } catch (error) {
    await closeAll(handles);
    throw error;
  }
  return handles;
}

async function openInput(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new ReplayInputError(file, error as Error);
  }
}

async function closeAll(handles: FileHandle[]): Promise<void> {
  await Promise.allSettled(handles.map((handle) => handle.close()));
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).errno === 'number';
}
