import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectLine } from '../../src/replay/detect.js';
import { ReplayInputError } from '../../src/replay/errors.js';
import { MALFORMED_LINES_LOGGED } from '../../src/replay/malformed.js';
import { readInputs } from '../../src/replay/reader.js';
import { formatRecordLine } from '../../src/replay/sensor-format.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';
import { linesAt, memoryLogger } from './support/log.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-reader-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

const RECORD = formatRecordLine(mprotectEvent(), { id: 'h' }).trimEnd();
const ECS = JSON.stringify({ '@timestamp': '2024-01-01T00:00:00Z', 'event.action': 'exec' });
const AUDIT = 'type=SYSCALL msg=audit(1704067200.000:1): arch=c000003e syscall=59 pid=1 comm="a"';

describe('detectLine', () => {
  it.each([
    ['a recording line', RECORD, 'sensor'],
    ['an ECS document', ECS, 'ecs'],
    ['an indented ECS document', `  ${ECS}`, 'ecs'],
    ['an audit record', AUDIT, 'audit'],
    ['an audit record with a node name', `node=web-01 ${AUDIT}`, 'audit'],
    ['an ausearch separator', '----', 'audit'],
  ])('recognises %s', (_what, line, format) => {
    const detected = detectLine(line);

    expect(detected.format).toBe(format);
  });

  it.each([
    ['free text', 'hello', 'not a line of any known format'],
    ['cut JSON', '{"a": ', 'not a JSON object'],
    ['a JSON array', '[1, 2]', 'not a line of any known format'],
    ['a JSON string', '"{x}"', 'not a line of any known format'],
  ])('recognises nothing in %s and says why', (_what, line, reason) => {
    const detected = detectLine(line);

    expect(detected).toEqual({ format: undefined, reason });
  });
});

describe('readInputs given files of different formats', () => {
  it('merges their events by time, whatever the order of files and lines', async () => {
    const { log } = memoryLogger();
    const late = formatRecordLine(connectEvent({ timeMs: T0_MS + 2000 }), {}).trimEnd();
    const early = formatRecordLine(mprotectEvent({ timeMs: T0_MS }), {}).trimEnd();
    const ecs = JSON.stringify({
      '@timestamp': new Date(T0_MS + 1000).toISOString(),
      'auditd.data.syscall': 'mprotect',
      'auditd.data.a2': '7',
      'process.pid': 1,
      'process.name': 'a',
    });
    const files = [file('a.ndjson', [late, early]), file('b.ndjson', [ecs])];

    const input = await readInputs(files, log);

    expect(input.events.map((e) => [e.event.timeMs - T0_MS, e.fileIndex, e.line])).toEqual([
      [0, 0, 2],
      [1000, 1, 1],
      [2000, 0, 1],
    ]);
    expect(input.files.map((f) => f.format)).toEqual(['sensor', 'ecs']);
  });

  it('keeps command-line order, then line order, for events of the same millisecond', async () => {
    const { log } = memoryLogger();
    const line = formatRecordLine(mprotectEvent(), {}).trimEnd();

    const input = await readInputs([file('a', [line, line]), file('b', [line])], log);

    expect(input.events.map((e) => [e.fileIndex, e.line])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
    ]);
  });
});

describe('readInputs given malformed lines', () => {
  it('keeps every valid line around them and logs each with its file and line', async () => {
    const { log, lines } = memoryLogger();
    const path = file('mixed.ndjson', [RECORD, 'garbage', '', RECORD, AUDIT, '{"cut": ', RECORD]);

    const input = await readInputs([path], log);

    expect(input.events.map((e) => e.line)).toEqual([1, 4, 7]);
    expect(input.files[0]).toEqual({
      file: path,
      format: 'sensor',
      lines: 7,
      events: 3,
      skipped: 0,
      malformed: 3,
    });
    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({ msg: 'malformed line', file: path, line: 2 }),
      expect.objectContaining({ line: 5, reason: 'audit line in a sensor file' }),
      expect.objectContaining({ line: 6, reason: 'not a JSON object' }),
      expect.objectContaining({ msg: 'malformed lines in file', malformed: 3, logged: 3 }),
    ]);
  });

  it('logs the first lines one by one, then only the count', async () => {
    const { log, lines } = memoryLogger();
    const path = file(
      'junk',
      Array.from({ length: 50 }, () => 'junk'),
    );

    await readInputs([path], log);

    const warns = linesAt(lines, 'warn');
    expect(warns).toHaveLength(MALFORMED_LINES_LOGGED + 1);
    expect(warns.at(-2)).toMatchObject({ line: MALFORMED_LINES_LOGGED });
    expect(warns.at(-1)).toMatchObject({ malformed: 50, logged: MALFORMED_LINES_LOGGED });
  });

  it('takes the format from the first line it recognises', async () => {
    const { log } = memoryLogger();

    const input = await readInputs([file('audit.log', ['junk', AUDIT, 'type=EOE x'])], log);

    expect(input.files[0]).toMatchObject({ format: 'audit', malformed: 2, skipped: 1 });
  });

  it('logs one info summary per file', async () => {
    const { log, lines } = memoryLogger();

    await readInputs([file('a', [RECORD]), file('b', [ECS])], log);

    expect(linesAt(lines, 'info')).toEqual([
      expect.objectContaining({ msg: 'input read', format: 'sensor', events: 1 }),
      expect.objectContaining({ msg: 'input read', format: 'ecs', skipped: 1 }),
    ]);
  });
});

describe('readInputs given a file it cannot read', () => {
  it('throws ReplayInputError naming the missing file, before reading any', async () => {
    const { log, lines } = memoryLogger();
    const missing = join(dir, 'missing.log');

    const reading = readInputs([file('a', [RECORD]), missing], log);

    await expect(reading).rejects.toThrow(ReplayInputError);
    const code = 'REPLAY_INPUT_UNREADABLE';
    await expect(reading).rejects.toMatchObject({ file: missing, code });
    expect(lines).toEqual([]);
  });

  it('throws ReplayInputError for a directory', async () => {
    const { log } = memoryLogger();

    const reading = readInputs([dir], log);

    await expect(reading).rejects.toMatchObject({ file: dir, code: 'REPLAY_INPUT_UNREADABLE' });
  });
});
