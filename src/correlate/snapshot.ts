// The correlator's state as a JSON document, so that a sensor restarted within the
// look-back still completes a pair whose first event it saw before the restart.
//
// The document names what makes its state meaningful: the host, the boot (pids and
// kernel times mean nothing after a reboot) and the profile (which decides how keys are
// formed). A document written for another host, boot or profile is refused whole.
// Everything in it is checked on the way in, as any input the sensor did not just
// produce itself: a damaged or edited file gives an error naming the first bad field.
// u64 values (kernel times, addresses) are written as decimal strings, and events are
// checked by the same fields as a recording's (events/event-schema.ts).
import { z } from 'zod';
import {
  bigintAsDecimal,
  CONNECT_FIELDS,
  EVENT_FIELDS,
  KERNEL_CONTEXT,
  MPROTECT_FIELDS,
} from '../events/event-schema.js';
import type { ConnectEvent, MprotectEvent } from '../events/types.js';
import { PROFILE_NAMES, type ProfileName } from '../rules/profiles.js';
import type { CorrelatorSnapshotState } from './correlator.js';

export const SNAPSHOT_VERSION = 1;

/** Where a snapshot is valid. */
export interface SnapshotScope {
  hostId: string;
  bootId: string;
  profile: ProfileName;
}

export interface CorrelatorSnapshot extends SnapshotScope {
  version: typeof SNAPSHOT_VERSION;
  savedAtMs: number;
  state: CorrelatorSnapshotState;
}

const count = z.number().int().nonnegative();

// JSON leaves out an undefined peerLastMs; the decoded type always has the key.
const AGGREGATE = z
  .strictObject({ legCount: count, peerLastMs: z.number().optional(), peerCount: count })
  .transform(({ legCount, peerLastMs, peerCount }) => ({ legCount, peerLastMs, peerCount }));

// Strict, unlike a recording: the state file is only ever written by this version.
const HELD = {
  ...EVENT_FIELDS,
  context: KERNEL_CONTEXT.strict().optional(),
  aggregate: AGGREGATE.optional(),
};
const MPROTECT = z.strictObject({ ...HELD, ...MPROTECT_FIELDS }) satisfies z.ZodType<MprotectEvent>;
const CONNECT = z.strictObject({ ...HELD, ...CONNECT_FIELDS }) satisfies z.ZodType<ConnectEvent>;

function leg<E extends z.ZodType>(event: E) {
  return z.strictObject({
    held: z.array(event),
    dropped: count,
    newestDropped: event.optional(),
    standIn: event.optional(),
  });
}

const KEY = z.strictObject({
  id: z.string(),
  key: z.strictObject({ hostId: z.string(), pid: count, name: z.string() }),
  mprotect: leg(MPROTECT),
  connect: leg(CONNECT),
  lastAlertMs: z.number().optional(),
  pendingFolds: count,
  alerted: z.array(z.tuple([count, count])),
});

const SNAPSHOT = z.strictObject({
  version: z.literal(SNAPSHOT_VERSION),
  hostId: z.string(),
  bootId: z.string(),
  profile: z.enum(PROFILE_NAMES),
  savedAtMs: z.number(),
  state: z.strictObject({
    budget: z.strictObject({ windowStartMs: z.number().optional(), used: count }),
    keys: z.array(KEY),
  }),
}) satisfies z.ZodType<CorrelatorSnapshot>;

/** A snapshot that cannot be used, with the reason in words. */
export class SnapshotRejected extends Error {}

export function encodeSnapshot(snapshot: CorrelatorSnapshot): string {
  return JSON.stringify(snapshot, bigintAsDecimal);
}

/** Parses and checks a saved document against the scope it must belong to. */
export function decodeSnapshot(text: string, scope: SnapshotScope): CorrelatorSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotRejected(`not JSON: ${(error as Error).message}`);
  }

  const parsed = SNAPSHOT.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.join('.') || 'the document';
    throw new SnapshotRejected(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  for (const field of ['hostId', 'bootId', 'profile'] as const) {
    if (parsed.data[field] !== scope[field]) {
      throw new SnapshotRejected(`saved for another ${field} (${parsed.data[field]})`);
    }
  }
  return parsed.data;
}
