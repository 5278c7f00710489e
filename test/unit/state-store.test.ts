import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBootId, StateFileError, StateStore } from '../../src/sensor/state-store.js';
import { deliver, HOST_ID, makeCorrelator } from './support/correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';
import { linesAt, memoryLogger } from './support/log.js';

const SCOPE = { hostId: HOST_ID, bootId: 'boot-1', profile: 'parity' as const };

describe('StateStore', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-state-'));
    file = join(dir, 'state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function store(scope = SCOPE) {
    const { log, lines } = memoryLogger();
    return { store: new StateStore(file, scope, log, () => T0_MS), lines };
  }

  it('saves a file only root can read and restores from it', () => {
    const before = makeCorrelator();
    deliver(before.correlator, before.clock, [mprotectEvent({ timeMs: T0_MS })]);
    store().store.save(before.correlator);

    const after = makeCorrelator();
    const { store: next, lines } = store();
    next.restoreInto(after.correlator);
    const matches = deliver(after.correlator, after.clock, [connectEvent({ timeMs: T0_MS + 5 })]);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(matches).toHaveLength(1);
    expect(linesAt(lines, 'info')).toEqual([
      expect.objectContaining({ msg: 'saved state restored', keys: 1 }),
    ]);
  });

  it('starts empty, at info, when nothing was saved', () => {
    const { correlator } = makeCorrelator();
    const { store: empty, lines } = store();

    empty.restoreInto(correlator);

    expect(correlator.stats().keys).toBe(0);
    expect(linesAt(lines, 'info')).toEqual([expect.objectContaining({ msg: 'no saved state' })]);
  });

  it('sets aside a state saved on another boot and starts empty', () => {
    const before = makeCorrelator();
    deliver(before.correlator, before.clock, [mprotectEvent({ timeMs: T0_MS })]);
    store({ ...SCOPE, bootId: 'boot-0' }).store.save(before.correlator);

    const { correlator } = makeCorrelator();
    const { store: next, lines } = store();
    next.restoreInto(correlator);

    expect(correlator.stats().keys).toBe(0);
    expect(existsSync(`${file}.rejected`)).toBe(true);
    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({
        msg: 'saved state not used',
        reason: 'saved for another bootId (boot-0)',
      }),
    ]);
  });

  it('sets aside a damaged file, naming what is wrong', () => {
    writeFileSync(file, '{"version":1,"hostId":');
    const { correlator } = makeCorrelator();
    const { store: next, lines } = store();

    next.restoreInto(correlator);

    expect(linesAt(lines, 'warn')[0]?.reason).toMatch(/^not JSON: /);
  });

  it('replaces a symlink planted at the temporary name instead of following it', () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'untouched');
    symlinkSync(target, `${file}.tmp`);

    store().store.save(makeCorrelator().correlator);

    expect(readFileSync(target, 'utf8')).toBe('untouched');
    expect(JSON.parse(readFileSync(file, 'utf8')).hostId).toBe(HOST_ID);
  });

  it('creates a missing directory, readable by root only', () => {
    file = join(dir, 'var', 'lib', 'state.json');

    store().store.save(makeCorrelator().correlator);

    expect(statSync(join(dir, 'var', 'lib')).mode & 0o777).toBe(0o700);
    expect(existsSync(file)).toBe(true);
  });

  it('throws StateFileError naming the file when it cannot write', () => {
    writeFileSync(join(dir, 'not-a-dir'), '');
    file = join(dir, 'not-a-dir', 'state.json');

    expect(() => store().store.save(makeCorrelator().correlator)).toThrow(StateFileError);
    expect(() => store().store.save(makeCorrelator().correlator)).toThrow(file);
  });
});

describe('readBootId', () => {
  it('reads the boot id under the given proc root', () => {
    const root = mkdtempSync(join(tmpdir(), 'rwxwatch-proc-'));
    try {
      const path = join(root, 'sys/kernel/random');
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, 'boot_id'), 'abc-123\n');
      expect(readBootId(root)).toBe('abc-123');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
