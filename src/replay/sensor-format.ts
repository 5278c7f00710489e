// The sensor's own recording (`rwxwatch run --record FILE`): NDJSON, one decoded
// SensorEvent per line, as it reached the correlator. u64 fields are decimal strings
// because JSON numbers stop being exact at 2^53. Each line carries the version marker
// and the host, so a file cut short or glued to another still replays line by line.
import { z } from 'zod';
import {
  bigintAsDecimal,
  CONNECT_FIELDS,
  EVENT_FIELDS,
  MPROTECT_FIELDS,
} from '../events/event-schema.js';
import type { SensorEvent } from '../events/types.js';
import { type HostRef, type LineResult, malformed } from './types.js';

export const RECORD_MARKER = 'rwxwatch.record';
/** Raised when a line changes in a way an older replay would misread. */
export const RECORD_VERSION = 1;

// Unknown keys are dropped, not refused: a later version may add fields that an
// older replay can do without. Changes it cannot do without raise RECORD_VERSION.
const host = z.object({ id: z.string().optional(), name: z.string().optional() }).optional();
const RECORD_SCHEMA = z.discriminatedUnion('kind', [
  z.object({ ...EVENT_FIELDS, host, ...MPROTECT_FIELDS }),
  z.object({ ...EVENT_FIELDS, host, ...CONNECT_FIELDS }),
]);

/** One line of a recording, newline included. */
export function formatRecordLine(event: SensorEvent, host: HostRef): string {
  const line = { [RECORD_MARKER]: RECORD_VERSION, host, ...event };

  return `${JSON.stringify(line, bigintAsDecimal)}\n`;
}

/** Reads one parsed line of a recording back into the event it was written from. */
export function parseRecordDocument(document: Record<string, unknown>): LineResult {
  const version = document[RECORD_MARKER];
  if (version !== RECORD_VERSION) {
    return malformed(`${RECORD_MARKER}: unsupported version`);
  }

  const parsed = RECORD_SCHEMA.safeParse(document);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return malformed(`${issue?.path.join('.')}: ${issue?.message}`);
  }

  const { host = {}, ...event } = parsed.data;
  return { type: 'event', event, host };
}
