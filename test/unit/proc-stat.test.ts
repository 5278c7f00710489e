import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStat, readOwnStat, readStat, sameStart } from '../../src/enrich/proc-stat.js';
import { removeDir, statLine, tempDir } from './support/fake-proc.js';

describe('parseStat for a well-formed line', () => {
  it('reads the name, the parent and the start time in ticks', () => {
    const line = statLine(4242, 'payload', 1, 1_234_560_000_000n);

    const stat = parseStat(line);

    expect(stat).toEqual({ name: 'payload', ppid: 1, startTicks: 123_456n });
  });

  it('keeps a name holding spaces and parentheses whole', () => {
    const line = statLine(7, 'a) S 1 (b', 99, 50_000_000n);

    const stat = parseStat(line);

    expect(stat).toEqual({ name: 'a) S 1 (b', ppid: 99, startTicks: 5n });
  });
});

describe('parseStat for a malformed line', () => {
  it.each([
    ['no parentheses', '42 payload S 1'],
    ['too few fields', '42 (payload) S 1 0 0'],
    ['a non-numeric parent', '42 (payload) S x'],
  ])('rejects %s', (_label, line) => {
    const stat = parseStat(line);

    expect(stat).toBeUndefined();
  });
});

describe('sameStart', () => {
  it('accepts the tick the start time falls in and one tick either side', () => {
    const startNs = 1_234_567_890n;

    const verdicts = [122n, 123n, 124n].map((ticks) => sameStart(ticks, startNs));

    expect(verdicts).toEqual([true, true, true]);
  });

  it('rejects a start two ticks away', () => {
    const verdict = sameStart(125n, 1_234_567_890n);

    expect(verdict).toBe(false);
  });
});

describe('readOwnStat on a fixture procfs', () => {
  let procRoot: string;

  beforeEach(() => {
    procRoot = tempDir('stat');
    mkdirSync(join(procRoot, '42'));
    writeFileSync(join(procRoot, '42', 'stat'), statLine(42, 'payload', 1, 5_000_000_000n));
  });

  afterEach(() => {
    removeDir(procRoot);
  });

  it('returns the stat of the process that started at the given time', () => {
    const stat = readOwnStat(procRoot, 42, 5_000_000_000n);

    expect(stat).toEqual({ ok: true, value: { name: 'payload', ppid: 1, startTicks: 500n } });
  });

  it('says the pid was reused when a later process holds it', () => {
    const stat = readOwnStat(procRoot, 42, 4_000_000_000n);

    expect(stat).toEqual({ ok: false, reason: 'PID_REUSED: a later process holds this pid' });
  });

  it('says the process exited when its directory is gone', () => {
    const stat = readStat(procRoot, 43);

    expect(stat).toEqual({ ok: false, reason: 'ENOENT: process exited' });
  });

  it('says the format was unexpected for a garbled file', () => {
    writeFileSync(join(procRoot, '42', 'stat'), 'garbage');

    const stat = readStat(procRoot, 42);

    expect(stat).toEqual({ ok: false, reason: 'MALFORMED: unexpected /proc stat format' });
  });
});
