// The file sink's path must be a regular file: a named pipe would block a write for
// good once its reader stops reading, and keep the sensor from ever exiting.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertFileError } from '../../src/sinks/errors.js';
import { FileSink } from '../../src/sinks/file/file-sink.js';

const log = pino({ level: 'silent' });
const OPTIONS = { maxBytes: 1 << 20, keep: 2, queueMax: 100 };

describe('FileSink on a path that is not a regular file', () => {
  let dir: string;
  let pipe: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rwxwatch-file-special-'));
    pipe = join(dir, 'alerts');
    execFileSync('mkfifo', [pipe]);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a named pipe that has a reader', async () => {
    const reader = openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK);

    const opening = FileSink.open({ path: pipe, ...OPTIONS }, log);

    await expect(opening).rejects.toThrow(AlertFileError);
    await expect(opening).rejects.toThrow(/not a regular file/);
    closeSync(reader);
  });

  it('refuses a named pipe without a reader at once instead of waiting for one', async () => {
    const opening = FileSink.open({ path: pipe, ...OPTIONS }, log);

    await expect(opening).rejects.toMatchObject({ code: 'ALERT_FILE_UNWRITABLE' });
  });
});
