// The sensor's own recording (`rwxwatch run --record FILE`): NDJSON, one decoded
// SensorEvent per line, as it reached the correlator. u64 fields are decimal strings
// because JSON numbers stop being exact at 2^53. Each line carries the version marker
// and the host, so a file cut short or glued to another still replays line by line.
import { z } from 'zod';
import type { SensorEvent } from '../events/types.js';
import { canonicalIp } from '../net/ip-text.js';
import { type HostRef, type LineResult, malformed } from './types.js';

export const RECORD_MARKER = 'rwxwatch.record';
/** Raised when a line changes in a way an older replay would misread. */
export const RECORD_VERSION = 1;

const U64_MAX = (1n << 64n) - 1n;

const u64 = z
  .string()
  .regex(/^\d{1,20}$/, 'must be a decimal string')
  .transform(BigInt)
  .refine((value) => value <= U64_MAX, 'must fit in 64 bits');
const u32 = z.number().int().min(0).max(0xffff_ffff);
const ip = z.string().refine((text) => canonicalIp(text) !== undefined, 'must be an IP address');

// Mirrors KernelContext (events/types.ts): what the kernel read about the process.
const context = z.object({
  ppid: u32,
  euid: u32,
  egid: u32,
  nsPid: u32,
  pidnsIno: u32,
  exeDev: u32,
  exeIno: u64,
  exeName: z.string(),
  cgroupId: u64,
});

const common = {
  host: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  timeMs: z.number().int(),
  ktimeNs: u64,
  pid: u32,
  tid: u32,
  startNs: u64,
  uid: u32,
  gid: u32,
  name: z.string(),
  threadName: z.string(),
  context: context.optional(),
  executable: z.string().optional(),
};

// Unknown keys are dropped, not refused: a later version may add fields that an
// older replay can do without. Changes it cannot do without raise RECORD_VERSION.
const RECORD_SCHEMA = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('mprotect'),
    addr: u64,
    len: u64,
    prot: u64,
    ret: z.number().int(),
    syscall: z.enum(['mprotect', 'pkey_mprotect', 'mmap']),
  }),
  z.object({
    ...common,
    kind: z.literal('connect'),
    family: z.literal([4, 6]),
    transport: z.enum(['tcp', 'udp']),
    sourceIp: z.string(),
    sourcePort: z.number().int().min(0).max(0xffff),
    destinationIp: ip,
    destinationPort: z.number().int().min(0).max(0xffff),
  }),
]);

/** One line of a recording, newline included. */
export function formatRecordLine(event: SensorEvent, host: HostRef): string {
  const line = { [RECORD_MARKER]: RECORD_VERSION, host, ...event };

  return `${JSON.stringify(line, bigintAsDecimal)}\n`;
}

function bigintAsDecimal(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
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
