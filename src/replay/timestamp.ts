// Event times read from files. Inputs carry up to nanoseconds (Elasticsearch's
// date_nanos) while the correlator judges windows in milliseconds, so both are kept.

export interface EventTime {
  timeMs: number;
  /** Wall-clock ns since the epoch: stands in for the kernel time of a live event. */
  timeNs: bigint;
}

const NS_PER_MS = 1_000_000n;
const ISO_8601 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)$/;

/** Parses `2024-01-01T00:00:00.123456789Z` (any offset, 0-9 fraction digits). */
export function parseIsoTime(text: string): EventTime | undefined {
  const match = ISO_8601.exec(text);
  if (match === null) {
    return undefined;
  }

  const [, seconds, fraction = '', zone] = match;
  const secondsMs = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(secondsMs)) {
    return undefined;
  }

  const fractionNs = BigInt(fraction.padEnd(9, '0'));
  return fromNs(BigInt(secondsMs) * NS_PER_MS + fractionNs);
}

export function fromNs(timeNs: bigint): EventTime {
  return { timeMs: Number(timeNs / NS_PER_MS), timeNs };
}

const SEQUENCES_PER_MS = 1_000_000;

/**
 * Audit logs and most exports keep only milliseconds, so two events of one thread in
 * one millisecond would look like one event delivered twice. When the time has no
 * sub-millisecond part, the low digits of the event's sequence number fill it: events
 * of one millisecond keep their order and stay distinct.
 */
export function withSequence(time: EventTime, sequence: number | undefined): EventTime {
  if (sequence === undefined || time.timeNs % NS_PER_MS !== 0n) {
    return time;
  }

  return { ...time, timeNs: time.timeNs + BigInt(sequence % SEQUENCES_PER_MS) };
}
