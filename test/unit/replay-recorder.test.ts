import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { RecordFileError } from '../../src/replay/errors.js';
import { FLUSH_BYTES, FLUSH_INTERVAL_MS, Recorder } from '../../src/replay/recorder.js';
import { replayEvents } from '../../src/replay/replay.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';
import { linesAt, memoryLogger } from './support/log.js';
import { CollectingSink, LOCAL_HOST, replayFiles } from './support/replay.js';
import { thrownBy } from './support/thrown.js';

const HOST = { id: 'rec-host', name: 'rec-01' };

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-recorder-'));
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('Recorder given events', () => {
  it('creates the file readable by its owner only and writes one line per event', () => {
    const path = join(dir, 'events.ndjson');
    const { log } = memoryLogger();
    const recorder = Recorder.open(path, HOST, log);

    recorder.record(mprotectEvent());
    recorder.record(connectEvent());
    recorder.close();

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines(path).map((line) => JSON.parse(line).kind)).toEqual(['mprotect', 'connect']);
    expect(recorder.stats).toEqual({ events: 2, written: 2, failed: 0 });
  });

  it('appends to a file that exists', () => {
    const path = join(dir, 'events.ndjson');
    writeFileSync(path, 'earlier\n');
    const recorder = Recorder.open(path, HOST, memoryLogger().log);

    recorder.record(mprotectEvent());
    recorder.close();

    expect(lines(path)).toHaveLength(2);
    expect(lines(path)[0]).toBe('earlier');
  });

  it('writes once the buffer reaches FLUSH_BYTES, before any timer or close', () => {
    const path = join(dir, 'events.ndjson');
    const recorder = Recorder.open(path, HOST, memoryLogger().log);
    const perLine = Buffer.byteLength(readableLine());

    for (let i = 0; i * perLine < FLUSH_BYTES; i += 1) recorder.record(mprotectEvent());

    expect(lines(path).length).toBe(recorder.stats.events);
    recorder.close();
  });

  it('writes what is buffered every FLUSH_INTERVAL_MS', () => {
    vi.useFakeTimers();
    const path = join(dir, 'events.ndjson');
    const recorder = Recorder.open(path, HOST, memoryLogger().log);
    recorder.record(mprotectEvent());

    const before = lines(path).length;
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS);

    expect(before).toBe(0);
    expect(lines(path)).toHaveLength(1);
    recorder.close();
  });
});

describe('Recorder when writes fail', () => {
  it('counts the lost lines, never throws, and warns once per run of failures', () => {
    const { log, lines: logged } = memoryLogger();
    const recorder = Recorder.open('/dev/full', HOST, log);

    const act = () => {
      recorder.record(mprotectEvent());
      recorder.flush();
      recorder.record(connectEvent());
      recorder.close();
    };

    expect(act).not.toThrow();
    expect(recorder.stats).toEqual({ events: 2, written: 0, failed: 2 });
    expect(linesAt(logged, 'warn')).toEqual([
      expect.objectContaining({ msg: 'recording write failed', file: '/dev/full', lost: 1 }),
    ]);
  });
});

describe('Recorder.open given a path it must not or cannot write', () => {
  it('refuses a symlink planted at the path', () => {
    const target = join(dir, 'target');
    const link = join(dir, 'link');
    writeFileSync(target, '');
    symlinkSync(target, link);

    const error = thrownBy(() => Recorder.open(link, HOST, memoryLogger().log), RecordFileError);

    expect(error.code).toBe('RECORD_FILE_UNWRITABLE');
    expect(error.path).toBe(link);
    expect(readFileSync(target, 'utf8')).toBe('');
  });

  it('creates a missing directory, readable by root only', () => {
    const path = join(dir, 'missing', 'events.ndjson');

    Recorder.open(path, HOST, memoryLogger().log).close();

    expect(statSync(join(dir, 'missing')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('throws RecordFileError when a file stands where the directory should be', () => {
    writeFileSync(join(dir, 'a-file'), '');
    const path = join(dir, 'a-file', 'events.ndjson');

    const error = thrownBy(() => Recorder.open(path, HOST, memoryLogger().log), RecordFileError);

    expect(error.message).toContain(path);
  });
});

describe('a recording written by the Recorder', () => {
  it('replays to the same alert as the events given to the Recorder', async () => {
    const path = join(dir, 'events.ndjson');
    const events = [
      mprotectEvent({ addr: 0xffff_ffff_ffff_f000n, len: 1n << 60n, tid: 9 }),
      connectEvent({ timeMs: T0_MS + 20, family: 6, destinationIp: '2001:db8::2' }),
    ];
    const recorder = Recorder.open(path, HOST, memoryLogger().log);
    for (const event of events) recorder.record(event);
    recorder.close();
    const direct = new CollectingSink();
    replayEvents(
      events.map((event, index) => ({ event, host: HOST, fileIndex: 0, line: index + 1 })),
      {
        config: loadConfig(undefined, {}),
        hostId: undefined,
        localHost: LOCAL_HOST,
        sink: direct,
        log: memoryLogger().log,
      },
    );

    const { alerts } = await replayFiles([path]);

    expect(direct.alerts).toHaveLength(1);
    expect(alerts).toEqual(direct.alerts);
    expect(alerts[0]?.host).toEqual(HOST);
  });
});

function readableLine(): string {
  const path = join(dir, 'one.ndjson');
  const recorder = Recorder.open(path, HOST, memoryLogger().log);
  recorder.record(mprotectEvent());
  recorder.close();

  return readFileSync(path, 'utf8');
}
