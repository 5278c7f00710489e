import { describe, expect, it } from 'vitest';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import { parseEcsDocument } from '../../src/replay/ecs-format.js';
import { UNKNOWN_ID } from '../../src/replay/event-header.js';
import type { LineResult } from '../../src/replay/types.js';

const AT = '2024-12-03T16:06:10.250Z';
const AT_MS = Date.parse(AT);

/** An Auditbeat mprotect document in dotted form; overrides replace or add keys. */
function mprotectDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@timestamp': AT,
    'host.id': 'h-1',
    'host.name': 'web-01',
    'process.pid': 7001,
    'process.name': 'loader',
    'auditd.data.syscall': 'mprotect',
    'auditd.data.a0': '7f44d2a00000',
    'auditd.data.a1': '2000',
    'auditd.data.a2': '7',
    'auditd.data.exit': '0',
    ...overrides,
  };
}

/** An Elastic Defend connection_attempted document in dotted form. */
function connectDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@timestamp': AT,
    'event.action': 'connection_attempted',
    'host.id': 'h-1',
    'process.pid': 7001,
    'process.name': 'loader',
    'destination.ip': '203.0.113.7',
    'destination.port': 443,
    'network.transport': 'tcp',
    ...overrides,
  };
}

function mprotectOf(result: LineResult): MprotectEvent {
  expect(result.type).toBe('event');
  return (result as { event: MprotectEvent }).event;
}

function connectOf(result: LineResult): ConnectEvent {
  expect(result.type).toBe('event');
  return (result as { event: ConnectEvent }).event;
}

describe('parseEcsDocument given an auditd mprotect document', () => {
  it('maps prot, address, length, return value, process and host', () => {
    const result = parseEcsDocument(mprotectDoc({ 'user.id': '1000', 'process.thread.id': 7003 }));

    expect(result).toMatchObject({ type: 'event', host: { id: 'h-1', name: 'web-01' } });
    expect(mprotectOf(result)).toMatchObject({
      kind: 'mprotect',
      timeMs: AT_MS,
      ktimeNs: BigInt(AT_MS) * 1_000_000n,
      pid: 7001,
      tid: 7003,
      uid: 1000,
      gid: UNKNOWN_ID,
      name: 'loader',
      threadName: 'loader',
      addr: 0x7f44d2a00000n,
      len: 0x2000n,
      prot: 7n,
      ret: 0,
      syscall: 'mprotect',
    });
  });

  it('reads nested and dotted keys alike', () => {
    const data = { syscall: 'mprotect', a0: '7f44d2a00000', a1: '2000', a2: '7', exit: '0' };
    const nested = {
      '@timestamp': AT,
      host: { id: 'h-1', name: 'web-01' },
      process: { pid: 7001, name: 'loader' },
      auditd: { data },
    };
    const mixed = {
      '@timestamp': AT,
      'host.id': 'h-1',
      'host.name': 'web-01',
      process: { pid: '7001', name: 'loader' },
      'auditd.data': data,
    };

    const fromNested = parseEcsDocument(nested);
    const fromMixed = parseEcsDocument(mixed);

    expect(fromNested).toEqual(parseEcsDocument(mprotectDoc()));
    expect(fromMixed).toEqual(parseEcsDocument(mprotectDoc()));
  });

  it('reads the _source of a whole search hit', () => {
    const hit = { _index: 'logs-auditd_manager.auditd-default', _source: mprotectDoc() };

    const result = parseEcsDocument(hit);

    expect(result).toEqual(parseEcsDocument(mprotectDoc()));
  });

  it.each(['pkey_mprotect', 'mmap'] as const)('keeps %s as the syscall', (syscall) => {
    const result = parseEcsDocument(mprotectDoc({ 'auditd.data.syscall': syscall }));

    expect(mprotectOf(result).syscall).toBe(syscall);
  });

  it('takes a negative exit as the errno of a failed call', () => {
    const result = parseEcsDocument(mprotectDoc({ 'auditd.data.exit': '-13' }));

    expect(mprotectOf(result).ret).toBe(-13);
  });

  it('falls back to the outcome when there is no exit: failure is -1, else 0', () => {
    const failed = mprotectDoc({ 'auditd.data.exit': undefined, 'auditd.result': 'fail' });
    const outcome = mprotectDoc({ 'auditd.data.exit': undefined, 'event.outcome': 'failure' });
    const unknown = mprotectDoc({ 'auditd.data.exit': undefined });

    const results = [failed, outcome, unknown].map((doc) => mprotectOf(parseEcsDocument(doc)));

    expect(results.map((event) => event.ret)).toEqual([-1, -1, 0]);
  });

  it('takes a missing address and length as 0 and a 0x prefix on prot as hex', () => {
    const doc = mprotectDoc({ 'auditd.data.a0': undefined, 'auditd.data.a1': undefined });
    doc['auditd.data.a2'] = '0x7';

    const event = mprotectOf(parseEcsDocument(doc));

    expect([event.addr, event.len, event.prot]).toEqual([0n, 0n, 7n]);
  });

  it('fills the ns of a millisecond time from auditd.sequence', () => {
    const result = parseEcsDocument(mprotectDoc({ 'auditd.sequence': 3_042_001 }));

    expect(mprotectOf(result).ktimeNs).toBe(BigInt(AT_MS) * 1_000_000n + 42_001n);
  });

  it('keeps the executable for exclusions by path', () => {
    const result = parseEcsDocument(mprotectDoc({ 'process.executable': '/tmp/.x/loader' }));

    expect(mprotectOf(result).executable).toBe('/tmp/.x/loader');
  });
});

describe('parseEcsDocument given a network document', () => {
  it('maps an Elastic Defend connection_attempted with its source', () => {
    const doc = connectDoc({ 'source.ip': '10.1.2.3', 'source.port': 51234 });

    const event = connectOf(parseEcsDocument(doc));

    expect(event).toMatchObject({
      kind: 'connect',
      family: 4,
      transport: 'tcp',
      sourceIp: '10.1.2.3',
      sourcePort: 51234,
      destinationIp: '203.0.113.7',
      destinationPort: 443,
    });
  });

  it('maps an auditd connected-to without transport or source as TCP from nowhere', () => {
    const doc = connectDoc({ 'event.action': 'connected-to', 'network.transport': undefined });

    const event = connectOf(parseEcsDocument(doc));

    expect(event).toMatchObject({ transport: 'tcp', sourceIp: '', sourcePort: 0 });
  });

  it('keeps udp as udp, for the hardened profile to judge', () => {
    const event = connectOf(parseEcsDocument(connectDoc({ 'network.transport': 'UDP' })));

    expect(event.transport).toBe('udp');
  });

  it('writes IPv6 destinations canonically, a mapped one with its IPv4 part dotted', () => {
    const plain = connectDoc({ 'destination.ip': '2001:DB8:0:0::2' });
    const mapped = connectDoc({ 'destination.ip': '::FFFF:198.51.100.2' });

    const events = [plain, mapped].map((doc) => connectOf(parseEcsDocument(doc)));

    expect(events.map((e) => [e.family, e.destinationIp])).toEqual([
      [6, '2001:db8::2'],
      [6, '::ffff:198.51.100.2'],
    ]);
  });

  it('keeps a nanosecond @timestamp to the nanosecond', () => {
    const doc = connectDoc({ '@timestamp': '2024-12-03T16:06:10.300123456Z' });

    const event = connectOf(parseEcsDocument(doc));

    expect(event.timeMs).toBe(AT_MS + 50);
    expect(event.ktimeNs).toBe(BigInt(AT_MS + 50) * 1_000_000n + 123_456n);
  });
});

describe('parseEcsDocument given a document that is not for the rule', () => {
  const cases = [
    { what: 'a process start', doc: { '@timestamp': AT, 'event.action': 'exec' } },
    { what: 'another syscall', doc: mprotectDoc({ 'auditd.data.syscall': 'munmap' }) },
    { what: 'an ICMP connection', doc: connectDoc({ 'network.transport': 'icmp' }) },
    { what: 'an empty object', doc: {} },
  ];

  it.each(cases)('skips $what', ({ doc }) => {
    const result = parseEcsDocument(doc);

    expect(result).toEqual({ type: 'skip' });
  });
});

describe('parseEcsDocument given a malformed document', () => {
  const cases = [
    { doc: mprotectDoc({ 'process.pid': undefined }), reason: 'process.pid: is missing' },
    { doc: mprotectDoc({ 'process.pid': -1 }), reason: 'process.pid: must be an integer' },
    { doc: mprotectDoc({ 'process.name': 42 }), reason: 'process.name: must be a string' },
    { doc: mprotectDoc({ 'auditd.data.a2': undefined }), reason: 'auditd.data.a2: is missing' },
    { doc: mprotectDoc({ 'auditd.data.a2': 'rwx' }), reason: 'auditd.data.a2: must be a hex' },
    { doc: mprotectDoc({ '@timestamp': 'yesterday' }), reason: '@timestamp: must be an ISO' },
    { doc: mprotectDoc({ 'auditd.data.exit': '0x1' }), reason: 'auditd.data.exit: must be' },
    { doc: connectDoc({ 'destination.ip': 'example.com' }), reason: 'destination.ip: must be an' },
    { doc: connectDoc({ 'destination.port': 65536 }), reason: 'destination.port: must be' },
    { doc: connectDoc({ 'source.ip': '10.0.0' }), reason: 'source.ip: must be an IP' },
  ];

  it.each(cases)('reports "$reason"', ({ doc, reason }) => {
    const result = parseEcsDocument(doc);

    expect(result.type).toBe('malformed');
    expect(result.type === 'malformed' && result.reason.startsWith(reason)).toBe(true);
  });
});
