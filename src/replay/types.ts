// What every input format produces: sensor events, each with the host it came from
// and where in which file it was read, so the replay can merge files by time and name
// the line behind anything it reports.
import type { SensorEvent } from '../events/types.js';

export type ReplayFormat = 'sensor' | 'ecs' | 'audit';

/** What an input says about the host; either part may be missing. */
export interface HostRef {
  id?: string;
  name?: string;
}

/** The outcome of one line (or one audit event) of an input. */
export type LineResult =
  | { type: 'event'; event: SensorEvent; host: HostRef }
  /** Well formed, but not an event the rule looks at. */
  | { type: 'skip' }
  | { type: 'malformed'; reason: string };

export interface ReplayEvent {
  event: SensorEvent;
  host: HostRef;
  /** Position of the file on the command line, from 0. */
  fileIndex: number;
  /** 1-based line of the file the event was read from. */
  line: number;
}

export const SKIP: LineResult = { type: 'skip' };

export function malformed(reason: string): LineResult {
  return { type: 'malformed', reason };
}
