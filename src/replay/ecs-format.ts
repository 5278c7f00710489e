// ECS documents exported from Elasticsearch, one `_source` per line: the events the
// upstream rule itself reads. Which documents count:
// - mprotect leg: auditd_manager or Auditbeat syscall events whose auditd.data.syscall
//   is mprotect, pkey_mprotect or mmap; prot is auditd.data.a2 (hex, as auditd logs it).
// - network leg: Elastic Defend `connection_attempted` and auditd_manager `connected-to`
//   events with a destination.ip and destination.port.
// Anything else is well formed but not for the rule, and is skipped.
import type { ConnectEvent, MemorySyscall, MprotectEvent } from '../events/types.js';
import { canonicalIp } from '../net/ip-text.js';
import {
  type Document,
  fieldOf,
  isDocument,
  optionalHex,
  optionalInteger,
  optionalText,
  PORT,
  RETURN_VALUE,
  requiredInteger,
  requiredText,
  U32,
} from './ecs-fields.js';
import { InvalidFieldError } from './errors.js';
import { type EventHeader, FAILED_RET, UNKNOWN_ID, UNKNOWN_START_NS } from './event-header.js';
import { type EventTime, parseIsoTime, withSequence } from './timestamp.js';
import { type HostRef, type LineResult, malformed, SKIP } from './types.js';

const NETWORK_ACTIONS: ReadonlySet<string> = new Set(['connection_attempted', 'connected-to']);
const MEMORY_SYSCALLS: ReadonlySet<string> = new Set(['mprotect', 'pkey_mprotect', 'mmap']);
const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['fail', 'failure']);
const SEQUENCE = { min: 0, max: Number.MAX_SAFE_INTEGER };

/** Reads one parsed line; a whole search hit is accepted for its `_source`. */
export function parseEcsDocument(document: Document): LineResult {
  const source = fieldOf(document, '_source');

  try {
    return fromSource(isDocument(source) ? source : document);
  } catch (error) {
    if (error instanceof InvalidFieldError) {
      return malformed(error.message);
    }
    throw error;
  }
}

function fromSource(document: Document): LineResult {
  const action = optionalText(document, 'event.action');
  if (action !== undefined && NETWORK_ACTIONS.has(action)) {
    return connectFrom(document);
  }

  const syscall = optionalText(document, 'auditd.data.syscall');
  if (syscall !== undefined && MEMORY_SYSCALLS.has(syscall)) {
    return memoryFrom(document, syscall as MemorySyscall);
  }
  return SKIP;
}

function memoryFrom(document: Document, syscall: MemorySyscall): LineResult {
  const prot = optionalHex(document, 'auditd.data.a2');
  if (prot === undefined) {
    throw new InvalidFieldError('auditd.data.a2', 'is missing');
  }

  const event: MprotectEvent = {
    kind: 'mprotect',
    ...headerOf(document),
    addr: optionalHex(document, 'auditd.data.a0') ?? 0n,
    len: optionalHex(document, 'auditd.data.a1') ?? 0n,
    prot,
    ret: returnValueOf(document),
    syscall,
  };
  return { type: 'event', event, host: hostOf(document) };
}

// Limitation: ECS has no field for the connection's transport when an exporter leaves
// network.transport out; such a connection is taken as TCP, like an audit connect.
function connectFrom(document: Document): LineResult {
  const transport = optionalText(document, 'network.transport')?.toLowerCase() ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'udp') {
    return SKIP;
  }

  const destination = requiredIp(document, 'destination.ip');
  const sourceText = optionalText(document, 'source.ip');
  const event: ConnectEvent = {
    kind: 'connect',
    ...headerOf(document),
    family: destination.family,
    transport,
    // An empty source means "not in the input"; the alert then has no source.
    sourceIp: sourceText === undefined ? '' : requiredIp(document, 'source.ip').ip,
    sourcePort: optionalInteger(document, 'source.port', PORT) ?? 0,
    destinationIp: destination.ip,
    destinationPort: requiredInteger(document, 'destination.port', PORT),
  };
  return { type: 'event', event, host: hostOf(document) };
}

function headerOf(document: Document): EventHeader {
  const time = withSequence(timeOf(document), sequenceOf(document));
  const pid = requiredInteger(document, 'process.pid', U32);
  const name = requiredText(document, 'process.name');
  return {
    timeMs: time.timeMs,
    ktimeNs: time.timeNs,
    pid,
    tid: optionalInteger(document, 'process.thread.id', U32) ?? pid,
    startNs: UNKNOWN_START_NS,
    uid: optionalInteger(document, 'user.id', U32) ?? UNKNOWN_ID,
    gid: optionalInteger(document, 'user.group.id', U32) ?? UNKNOWN_ID,
    name,
    threadName: optionalText(document, 'process.thread.name') ?? name,
    executable: optionalText(document, 'process.executable'),
  };
}

function timeOf(document: Document): EventTime {
  const time = parseIsoTime(requiredText(document, '@timestamp'));
  if (time === undefined) {
    throw new InvalidFieldError('@timestamp', 'must be an ISO 8601 time');
  }

  return time;
}

// Auditbeat and auditd_manager number events in auditd.sequence, Elastic Defend in
// event.sequence.
function sequenceOf(document: Document): number | undefined {
  return (
    optionalInteger(document, 'auditd.sequence', SEQUENCE) ??
    optionalInteger(document, 'event.sequence', SEQUENCE)
  );
}

// auditd.data.exit holds the errno or result; without it only the outcome is known.
function returnValueOf(document: Document): number {
  const exit = optionalInteger(document, 'auditd.data.exit', RETURN_VALUE);
  if (exit !== undefined) {
    return exit;
  }

  const outcome =
    optionalText(document, 'auditd.result') ?? optionalText(document, 'event.outcome');
  return outcome !== undefined && FAILED_OUTCOMES.has(outcome) ? FAILED_RET : 0;
}

function requiredIp(document: Document, path: string) {
  const address = canonicalIp(requiredText(document, path));
  if (address === undefined) {
    throw new InvalidFieldError(path, 'must be an IP address');
  }

  return address;
}

function hostOf(document: Document): HostRef {
  const name = optionalText(document, 'host.name') ?? optionalText(document, 'host.hostname');

  return { id: optionalText(document, 'host.id'), name };
}
