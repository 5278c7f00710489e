// Decoded events as JSON, checked on the way back in: a recording (`run --record`) and the
// saved correlation state both write SensorEvents with u64 fields as decimal strings, and
// both read them back through these fields. Each format wraps them in its own object
// (strict or not, with its own extra keys).
import { z } from 'zod';
import { canonicalIp } from '../net/ip-text.js';

const U64_MAX = (1n << 64n) - 1n;

export const u64 = z
  .string()
  .regex(/^\d{1,20}$/, 'must be a decimal integer')
  .transform(BigInt)
  .refine((value) => value <= U64_MAX, 'must fit in 64 bits');
const u32 = z.number().int().min(0).max(0xffff_ffff);
const port = z.number().int().min(0).max(0xffff);
const ip = z.string().refine((text) => canonicalIp(text) !== undefined, 'must be an IP address');

/** Mirrors KernelContext (events/types.ts): what the kernel read about the process. */
export const KERNEL_CONTEXT = z.object({
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

/** Fields every event has (BaseEvent), aggregation aside. */
export const EVENT_FIELDS = {
  timeMs: z.number().int(),
  ktimeNs: u64,
  pid: u32,
  tid: u32,
  startNs: u64,
  uid: u32,
  gid: u32,
  name: z.string(),
  threadName: z.string(),
  context: KERNEL_CONTEXT.optional(),
  executable: z.string().optional(),
};

export const MPROTECT_FIELDS = {
  kind: z.literal('mprotect'),
  addr: u64,
  len: u64,
  prot: u64,
  ret: z.number().int(),
  syscall: z.enum(['mprotect', 'pkey_mprotect', 'mmap']),
};

/** An empty sourceIp means the input had none (src/replay). */
export const CONNECT_FIELDS = {
  kind: z.literal('connect'),
  family: z.literal([4, 6]),
  transport: z.enum(['tcp', 'udp']),
  sourceIp: z.string(),
  sourcePort: port,
  destinationIp: ip,
  destinationPort: port,
};

/** JSON.stringify's replacer for events: u64 fields become decimal strings. */
export function bigintAsDecimal(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
