// Walks a batch from the addon: records of bpf/events.h packed back to back. The bytes
// come from the kernel, but a decoder bug or a layout drift must cost a counted skip,
// never an exception that takes the sensor down.
import { HEADER_OFFSETS, RECORD_ALIGN, RECORD_KINDS, RECORD_SIZES } from './layout.js';
import { decodeConnect, decodeExit, decodeMprotect } from './records.js';
import type { ExitEvent, SensorEvent } from './types.js';

export interface DecodeSkipped {
  /** The batch stopped making sense (bad size or short tail); the rest was dropped. */
  truncated: number;
  /** A well-framed record of a kind this version does not know. */
  unknownKind: number;
  /** A known kind too short for its struct, or with a family/protocol outside the rule. */
  malformed: number;
}

export interface DecodeResult {
  events: SensorEvent[];
  /** Processes that exited; kept apart because they feed no leg of the rule. */
  exits: ExitEvent[];
  skipped: DecodeSkipped;
}

type RecordDecoder = (
  record: Buffer,
  bootToRealtimeNs: bigint,
) => SensorEvent | ExitEvent | undefined;

const DECODERS: ReadonlyMap<number, { size: number; decode: RecordDecoder }> = new Map([
  [RECORD_KINDS.mprotect, { size: RECORD_SIZES.mprotect, decode: decodeMprotect }],
  [RECORD_KINDS.connect, { size: RECORD_SIZES.connect, decode: decodeConnect }],
  [RECORD_KINDS.exit, { size: RECORD_SIZES.exit, decode: decodeExit }],
]);

export function decodeBatch(batch: Buffer, bootToRealtimeNs: bigint): DecodeResult {
  const result: DecodeResult = {
    events: [],
    exits: [],
    skipped: { truncated: 0, unknownKind: 0, malformed: 0 },
  };
  let offset = 0;

  while (offset < batch.length) {
    const size = recordSize(batch, offset);
    // Without a trustworthy size the next record's start is unknown: stop here.
    if (size === undefined) {
      result.skipped.truncated += 1;
      break;
    }

    decodeRecord(batch.subarray(offset, offset + size), bootToRealtimeNs, result);
    offset += size;
  }
  return result;
}

function recordSize(batch: Buffer, offset: number): number | undefined {
  const remaining = batch.length - offset;
  if (remaining < RECORD_SIZES.header) {
    return undefined;
  }

  const size = batch.readUInt32LE(offset + HEADER_OFFSETS.size);
  const framed = size >= RECORD_SIZES.header && size % RECORD_ALIGN === 0;
  return framed && size <= remaining ? size : undefined;
}

// A record longer than its struct is accepted: a newer header may append fields.
function decodeRecord(record: Buffer, bootToRealtimeNs: bigint, result: DecodeResult): void {
  const decoder = DECODERS.get(record.readUInt32LE(HEADER_OFFSETS.kind));
  if (decoder === undefined) {
    result.skipped.unknownKind += 1;
    return;
  }

  const fits = record.length >= decoder.size;
  const event = fits ? decoder.decode(record, bootToRealtimeNs) : undefined;
  if (event === undefined) {
    result.skipped.malformed += 1;
    return;
  }

  if (event.kind === 'exit') result.exits.push(event);
  else result.events.push(event);
}
