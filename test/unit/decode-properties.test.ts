import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, decodeBatch } from '../../src/events/decode.js';
import { HEADER_OFFSETS, RECORD_SIZES } from '../../src/events/layout.js';
import { RUNS } from './support/hostile.js';
import {
  connectRecord,
  exitRecord,
  header,
  lyingHeader,
  mprotectRecord,
} from './support/records.js';

const BOOT_NS = 1_700_000_000_000_000_000n;
const MAX_RECORDS = 8;
const OVERSIZED_MIN = 1 << 20;

type Outcome = 'event' | 'exit' | 'unknownKind' | 'malformed';

interface Framed {
  bytes: Buffer;
  outcome: Outcome;
}

// Extra bytes a newer header may append to a struct; the decoder must accept them.
const padding = fc.integer({ min: 0, max: 4 }).map((words) => words * 8);
const commBytes = fc.uint8Array({ min: 1, max: 255, maxLength: 16 }).map(Buffer.from);

const validMprotect = fc
  .record({ comm: commBytes, threadComm: commBytes, syscall: fc.integer({ min: 1, max: 3 }) })
  .chain((init) => padding.map((pad) => ({ ...init, size: RECORD_SIZES.mprotect + pad })))
  .map((init): Framed => ({ bytes: mprotectRecord(init), outcome: 'event' }));

const validConnect = fc
  .record({
    family: fc.constantFrom(2, 10),
    protocol: fc.constantFrom(6, 17),
    daddr: fc.array(fc.nat(255), { minLength: 16, maxLength: 16 }),
  })
  .map((init): Framed => ({ bytes: connectRecord(init), outcome: 'event' }));

const validExit = fc
  .record({ exitCode: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), pad: padding })
  .map(({ exitCode, pad }): Framed => {
    const bytes = exitRecord({ exitCode, size: RECORD_SIZES.exit + pad });
    return { bytes, outcome: 'exit' };
  });

const unknownKind = fc
  .record({
    kind: fc.nat(0xffff_ffff).filter((kind) => kind < 1 || kind > 3),
    size: fc.integer({ min: 0, max: 6 }).map((words) => RECORD_SIZES.header + words * 8),
  })
  .map((init): Framed => ({ bytes: header(init), outcome: 'unknownKind' }));

// Well framed, but short for its struct or outside what the rule covers.
const malformedRecord = fc.oneof(
  fc
    .nat(0xffff_ffff)
    .filter((code) => code < 1 || code > 3)
    .map((syscall) => mprotectRecord({ syscall })),
  fc
    .nat(0xffff)
    .filter((family) => family !== 2 && family !== 10)
    .map((family) => connectRecord({ family })),
  fc
    .nat(0xffff)
    .filter((protocol) => protocol !== 6 && protocol !== 17)
    .map((protocol) => connectRecord({ protocol })),
  fc
    .record({ kind: fc.constantFrom(1, 2, 3), words: fc.integer({ min: 0, max: 4 }) })
    .map(({ kind, words }) => header({ kind, size: RECORD_SIZES.header + words * 8 }))
    .filter((bytes) => bytes.length < (bytes.readUInt32LE(0) === 3 ? 176 : 208)),
);

const framed = fc.oneof(
  validMprotect,
  validConnect,
  validExit,
  unknownKind,
  malformedRecord.map((bytes): Framed => ({ bytes, outcome: 'malformed' })),
);

/** Records with a distinct pid each, so decoded events can be told apart. */
const records = fc.array(framed, { maxLength: MAX_RECORDS }).map((list) => {
  return list.map(({ bytes, outcome }, index) => {
    const copy = Buffer.from(bytes);
    copy.writeUInt32LE(index + 1, HEADER_OFFSETS.pid);
    return { bytes: copy, outcome };
  });
});

// A frame the decoder cannot step over: too short, misaligned or past the batch's end.
const brokenSize = fc.oneof(
  fc.integer({ min: 0, max: RECORD_SIZES.header - 1 }),
  fc
    .tuple(fc.integer({ min: 21, max: 1000 }), fc.integer({ min: 1, max: 7 }))
    .map(([words, odd]) => words * 8 + odd),
  fc.integer({ min: OVERSIZED_MIN, max: 0xffff_ffff }),
);

function expected(list: Framed[]) {
  const pids = (outcome: Outcome) =>
    list.flatMap((record, i) => (record.outcome === outcome ? [i + 1] : []));
  const count = (outcome: Outcome) => list.filter((record) => record.outcome === outcome).length;

  return {
    eventPids: pids('event'),
    exitPids: pids('exit'),
    unknownKind: count('unknownKind'),
    malformed: count('malformed'),
  };
}

function observed(result: DecodeResult) {
  return {
    eventPids: result.events.map((event) => event.pid),
    exitPids: result.exits.map((exit) => exit.pid),
    unknownKind: result.skipped.unknownKind,
    malformed: result.skipped.malformed,
  };
}

function expectWithinBounds(result: DecodeResult, batch: Buffer): void {
  const decoded = result.events.length + result.exits.length;
  const framedCount = decoded + result.skipped.unknownKind + result.skipped.malformed;

  expect(framedCount).toBeLessThanOrEqual(Math.floor(batch.length / RECORD_SIZES.header));
  expect(result.skipped.truncated).toBeLessThanOrEqual(1);
}

describe('decodeBatch given arbitrary bytes', () => {
  it('never throws and never yields more records than the batch could hold', () => {
    const property = fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      const batch = Buffer.from(bytes);

      const result = decodeBatch(batch, BOOT_NS);

      expectWithinBounds(result, batch);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('decodeBatch given well-framed records of every kind', () => {
  it('decodes each valid record in order and counts each skip by its reason', () => {
    const property = fc.property(records, (list) => {
      const batch = Buffer.concat(list.map((record) => record.bytes));

      const result = decodeBatch(batch, BOOT_NS);

      expect(observed(result)).toEqual(expected(list));
      expect(result.skipped.truncated).toBe(0);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('decodeBatch given a batch truncated at any offset', () => {
  it('decodes every whole record before the cut and counts one truncation inside a record', () => {
    const batches = records.chain((list) => {
      const length = list.reduce((sum, record) => sum + record.bytes.length, 0);
      return fc.tuple(fc.constant(list), fc.integer({ min: 0, max: length }));
    });

    const property = fc.property(batches, ([list, cut]) => {
      const batch = Buffer.concat(list.map((record) => record.bytes)).subarray(0, cut);
      const ends = list.map((_, i) => endOf(list, i));
      const whole = list.filter((_, i) => (ends[i] as number) <= cut);

      const result = decodeBatch(batch, BOOT_NS);

      expect(observed(result)).toEqual(expected(whole));
      expect(result.skipped.truncated).toBe(cut === 0 || ends.includes(cut) ? 0 : 1);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('decodeBatch given a broken frame after valid records', () => {
  it('decodes the records before it, counts one truncation and drops the rest', () => {
    const batches = fc.tuple(
      records,
      fc.nat(0xffff_ffff),
      brokenSize,
      fc.oneof(records, fc.constant([])),
    );

    const property = fc.property(batches, ([before, kind, size, after]) => {
      const broken = lyingHeader(kind, size);
      const parts = [...before, { bytes: broken }, ...after].map((record) => record.bytes);
      const batch = Buffer.concat(parts);

      const result = decodeBatch(batch, BOOT_NS);

      expect(observed(result)).toEqual(expected(before));
      expect(result.skipped.truncated).toBe(1);
    });

    fc.assert(property, { numRuns: RUNS });
  });

  it('treats a short garbage tail the same way', () => {
    const tail = fc.uint8Array({ minLength: 1, maxLength: RECORD_SIZES.header - 1 });

    const property = fc.property(records, tail, (before, garbage) => {
      const batch = Buffer.concat([...before.map((record) => record.bytes), garbage]);

      const result = decodeBatch(batch, BOOT_NS);

      expect(observed(result)).toEqual(expected(before));
      expect(result.skipped.truncated).toBe(1);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('decodeBatch given one record whose size field is overwritten', () => {
  it('still decodes every record before it and stays within bounds', () => {
    const batches = records
      .filter((list) => list.length > 0)
      .chain((list) => {
        return fc.tuple(fc.constant(list), fc.nat(list.length - 1), fc.nat(0xffff_ffff));
      });

    const property = fc.property(batches, ([list, index, size]) => {
      const batch = Buffer.concat(list.map((record) => record.bytes));
      batch.writeUInt32LE(size, startOf(list, index) + HEADER_OFFSETS.size);
      const before = expected(list.slice(0, index));

      const result = decodeBatch(batch, BOOT_NS);

      const seen = observed(result);
      expect(seen.eventPids.slice(0, before.eventPids.length)).toEqual(before.eventPids);
      expect(seen.exitPids.slice(0, before.exitPids.length)).toEqual(before.exitPids);
      expectWithinBounds(result, batch);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('decodeBatch given any comm bytes', () => {
  it('reads the name as the UTF-8 of the bytes before the first NUL', () => {
    const comms = fc.uint8Array({ maxLength: 16 }).map(Buffer.from);

    const property = fc.property(comms, comms, (comm, threadComm) => {
      const record = mprotectRecord({ comm, threadComm });

      const [event] = decodeBatch(record, BOOT_NS).events;

      expect(event?.name).toBe(untilNul(comm).toString('utf8'));
      expect(event?.threadName).toBe(untilNul(threadComm).toString('utf8'));
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

function startOf(list: Framed[], index: number): number {
  return list.slice(0, index).reduce((sum, record) => sum + record.bytes.length, 0);
}

function endOf(list: Framed[], index: number): number {
  return startOf(list, index + 1);
}

function untilNul(bytes: Buffer): Buffer {
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}
