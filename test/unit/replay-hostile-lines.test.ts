import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MALFORMED_LINES_LOGGED } from '../../src/replay/malformed.js';
import { hostileString } from './support/hostile.js';
import { type LogLine, linesAt } from './support/log.js';
import { FIXTURES, replayFiles } from './support/replay.js';

// Each run reads a file from disk; fewer runs than the pure properties keep this fast.
const REPLAY_RUNS = 100;
const MAX_JUNK_LINES = 8;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-replay-junk-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// A junk line must stay one line, not be blank, and look like no format: a line that
// did would be parsed, and one that came first would even fix the file's format.
const notAFormat = (line: string) =>
  line.trim() !== '' && !/^\s*\{/.test(line) && !/^(node=|type=|----|time->)/.test(line);

const junkLine = hostileString(200)
  .map((line) => line.replace(/[\r\n]/g, ' '))
  .filter(notAFormat);

/** A JSON line cut short: it can no longer parse, whatever it held. */
function cutLines(lines: string[]): fc.Arbitrary<string> {
  return fc
    .constantFrom(...lines.filter((line) => line.length > 1))
    .chain((line) => fc.integer({ min: 1, max: line.length - 1 }).map((n) => line.slice(0, n)));
}

interface Mixed {
  text: string;
  /** 1-based numbers of the junk lines in the mixed file. */
  junk: number[];
}

function mixedInto(lines: string[], junk: fc.Arbitrary<string>): fc.Arbitrary<Mixed> {
  const insertion = fc.tuple(fc.nat(lines.length), junk);

  return fc.array(insertion, { minLength: 1, maxLength: MAX_JUNK_LINES }).map((inserts) => {
    const out: { text: string; junk: boolean }[] = lines.map((text) => ({ text, junk: false }));
    for (const [at, text] of inserts.sort(([a], [b]) => b - a)) {
      out.splice(at, 0, { text, junk: true });
    }

    const junkLines = out.flatMap((line, i) => (line.junk ? [i + 1] : []));
    return { text: `${out.map((line) => line.text).join('\n')}\n`, junk: junkLines };
  });
}

const CASES = [
  { fixture: 'sensor-recording.ndjson', json: true },
  { fixture: 'ecs-export.ndjson', json: true },
  { fixture: 'audit.log', json: false },
];

describe.each(CASES)('replay of $fixture with junk lines mixed in', ({ fixture, json }) => {
  it('raises the alerts of the clean file and reports each junk line by number', async () => {
    const clean = await replayFiles([join(FIXTURES, fixture)]);
    const cleanMalformed = malformedLines(clean.lines);
    const lines = readFileSync(join(FIXTURES, fixture), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    const junk = json ? fc.oneof(junkLine, cutLines(lines)) : junkLine;
    const path = join(dir, fixture);

    const property = fc.asyncProperty(mixedInto(lines, junk), async (mixed) => {
      writeFileSync(path, mixed.text);

      const run = await replayFiles([path]);

      const reported = malformedLines(run.lines);
      expect(run.alerts).toEqual(clean.alerts);
      expect(run.input.files[0]?.events).toBe(clean.input.files[0]?.events);
      expect(run.input.files[0]?.malformed).toBe(cleanMalformed.length + mixed.junk.length);
      expect(reported).toHaveLength(cleanMalformed.length + mixed.junk.length);
      expect(reported).toEqual(expect.arrayContaining(mixed.junk));
    });

    expect(clean.alerts.length).toBeGreaterThan(0);
    expect(cleanMalformed.length + MAX_JUNK_LINES).toBeLessThanOrEqual(MALFORMED_LINES_LOGGED);
    await fc.assert(property, { numRuns: REPLAY_RUNS });
  });
});

function malformedLines(lines: LogLine[]): unknown[] {
  return linesAt(lines, 'warn')
    .filter((line) => line.msg === 'malformed line')
    .map((line) => line.line);
}
