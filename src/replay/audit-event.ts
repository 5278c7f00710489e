// Turns the records of one audit event into a sensor event. Mapping (x86_64 only):
// - SYSCALL syscall=10 mprotect, 329 pkey_mprotect, 9 mmap: a0 address, a1 length,
//   a2 prot (hex), exit the return value (-errno on failure).
// - SYSCALL syscall=42 connect with its SOCKADDR: the address the program asked for.
//   audit does not say which transport the socket uses; it is taken as TCP. A failed
//   connect (EINPROGRESS, ECONNREFUSED) is an attempt all the same and counts.
// - pid is the process (audit logs the thread group id); comm is the calling thread's
//   name and stands for both the process and the thread name, as it does upstream;
//   exe is the executable. Records keep milliseconds: the serial fills the ns.
import type { ConnectEvent, MemorySyscall, MprotectEvent } from '../events/types.js';
import { type AuditRecord, auditString } from './audit-record.js';
import { parseSockaddr } from './audit-sockaddr.js';
import { InvalidFieldError } from './errors.js';
import { type EventHeader, FAILED_RET, UNKNOWN_ID, UNKNOWN_START_NS } from './event-header.js';
import { fromNs, withSequence } from './timestamp.js';
import { type LineResult, malformed, SKIP } from './types.js';

export interface LocatedRecord {
  record: AuditRecord;
  line: number;
}

/** The records of one event the mapping reads, with the line each came from. */
export interface AuditEventRecords {
  syscall?: LocatedRecord;
  sockaddr?: LocatedRecord;
  firstLine: number;
}

export interface LocatedResult {
  result: LineResult;
  line: number;
}

type Fields = AuditRecord['fields'];

const ARCH_X86_64 = 'c000003e';
const SYSCALLS: ReadonlyMap<string, MemorySyscall | 'connect'> = new Map([
  ['9', 'mmap'],
  ['10', 'mprotect'],
  ['42', 'connect'],
  ['329', 'pkey_mprotect'],
] as const);
const NS_PER_MS = 1_000_000n;
const UNSIGNED = /^\d{1,10}$/;
const SIGNED = /^-?\d{1,16}$/;
const HEX = /^[0-9a-f]{1,16}$/i;

export function auditEventOf(records: AuditEventRecords): LocatedResult {
  const { syscall } = records;
  const line = syscall?.line ?? records.firstLine;
  const name = syscall && syscallOf(syscall.record.fields);
  if (syscall === undefined || name === undefined) {
    return { result: SKIP, line };
  }

  try {
    const header = headerOf(syscall.record);
    if (name === 'connect') {
      return connectOf(header, records.sockaddr, line);
    }
    return { result: memoryOf(header, syscall.record.fields, name), line };
  } catch (error) {
    if (error instanceof InvalidFieldError) {
      return { result: malformed(`SYSCALL ${error.message}`), line };
    }
    throw error;
  }
}

// Syscall numbers differ per architecture; only x86_64's are mapped.
function syscallOf(fields: Fields): MemorySyscall | 'connect' | undefined {
  if (fields.get('arch') !== ARCH_X86_64) {
    return undefined;
  }

  return SYSCALLS.get(fields.get('syscall') ?? '');
}

function memoryOf(header: EventHeader, fields: Fields, syscall: MemorySyscall): LineResult {
  const event: MprotectEvent = {
    kind: 'mprotect',
    ...header,
    addr: hex(fields, 'a0'),
    len: hex(fields, 'a1'),
    prot: hex(fields, 'a2'),
    ret: returnValue(fields),
    syscall,
  };

  return { type: 'event', event, host: {} };
}

function connectOf(
  header: EventHeader,
  sockaddr: LocatedRecord | undefined,
  line: number,
): LocatedResult {
  // A connect whose address the kernel could not copy (EFAULT) has no SOCKADDR.
  const saddr = sockaddr?.record.fields.get('saddr');
  if (sockaddr === undefined || saddr === undefined) {
    return { result: SKIP, line };
  }

  const parsed = parseSockaddr(saddr);
  if (parsed.type === 'malformed') {
    return { result: malformed(`SOCKADDR ${parsed.reason}`), line: sockaddr.line };
  }
  if (parsed.type === 'other-family') {
    return { result: SKIP, line };
  }

  const { address } = parsed;
  const event: ConnectEvent = {
    kind: 'connect',
    ...header,
    family: address.family,
    transport: 'tcp',
    sourceIp: '',
    sourcePort: 0,
    destinationIp: address.ip,
    destinationPort: address.port,
  };
  return { result: { type: 'event', event, host: {} }, line };
}

function headerOf(record: AuditRecord): EventHeader {
  const { fields } = record;
  const pid = unsigned(fields, 'pid');
  const name = auditString(required(fields, 'comm'));
  const exe = fields.get('exe');

  return {
    timeMs: record.timeMs,
    ktimeNs: withSequence(fromNs(BigInt(record.timeMs) * NS_PER_MS), record.serial).timeNs,
    pid,
    tid: pid,
    startNs: UNKNOWN_START_NS,
    uid: fields.has('uid') ? unsigned(fields, 'uid') : UNKNOWN_ID,
    gid: fields.has('gid') ? unsigned(fields, 'gid') : UNKNOWN_ID,
    name,
    threadName: name,
    executable: exe === undefined ? undefined : auditString(exe),
  };
}

function returnValue(fields: Fields): number {
  const exit = fields.get('exit');
  if (exit !== undefined && SIGNED.test(exit)) {
    return Number(exit);
  }
  if (exit !== undefined) {
    throw new InvalidFieldError('exit', 'must be a decimal integer');
  }

  return fields.get('success') === 'no' ? FAILED_RET : 0;
}

function required(fields: Fields, key: string): string {
  const value = fields.get(key);
  if (value === undefined || value === '') {
    throw new InvalidFieldError(key, 'is missing');
  }

  return value;
}

function unsigned(fields: Fields, key: string): number {
  const value = required(fields, key);
  if (!UNSIGNED.test(value) || Number(value) > UNKNOWN_ID) {
    throw new InvalidFieldError(key, 'must be a 32-bit unsigned integer');
  }

  return Number(value);
}

function hex(fields: Fields, key: string): bigint {
  const value = required(fields, key);
  if (!HEX.test(value)) {
    throw new InvalidFieldError(key, 'must be a hex number of at most 64 bits');
  }

  return BigInt(`0x${value}`);
}
