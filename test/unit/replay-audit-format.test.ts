import { describe, expect, it } from 'vitest';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import { AuditAssembler } from '../../src/replay/audit-format.js';
import type { LineResult } from '../../src/replay/types.js';

const TIME = '1733241952.530';
const TIME_MS = 1733241952530;

interface Outcome {
  result: LineResult;
  line: number;
}

interface SyscallInit {
  serial?: number;
  time?: string;
  syscall?: number;
  arch?: string;
  fields?: string;
}

function syscall(init: SyscallInit = {}): string {
  const { serial = 1, time = TIME, syscall = 10, arch = 'c000003e' } = init;
  const fields =
    init.fields ??
    'success=yes exit=0 a0=7f1907de1000 a1=1000 a2=7 a3=0 ppid=1 pid=5371 uid=0 gid=0 ' +
      'comm="trigger" exe="/usr/bin/trigger"';

  return `type=SYSCALL msg=audit(${time}:${serial}): arch=${arch} syscall=${syscall} ${fields}`;
}

function sockaddr(saddr: string, serial = 1): string {
  return `type=SOCKADDR msg=audit(${TIME}:${serial}): saddr=${saddr}`;
}

function eoe(serial = 1): string {
  return `type=EOE msg=audit(${TIME}:${serial}): `;
}

const CONNECT_FIELDS =
  'success=no exit=-115 a0=3 a1=7ffd5a1c2e40 a2=10 a3=0 pid=5371 uid=0 gid=0 comm="trigger" ' +
  'exe="/usr/bin/trigger"';
const TO_198_51_100_2 = '02001F90C63364020000000000000000';

/** Feeds lines 1..n to a fresh assembler and ends the file. */
function assemble(lines: string[]): Outcome[] {
  const assembler = new AuditAssembler();
  const outcomes: Outcome[] = [];
  const out = (result: LineResult, line: number) => outcomes.push({ result, line });

  lines.forEach((text, index) => {
    assembler.line(text, index + 1, out);
  });
  assembler.end(out);
  return outcomes;
}

function eventsOf(outcomes: Outcome[]) {
  return outcomes.flatMap(({ result }) => (result.type === 'event' ? [result.event] : []));
}

describe('AuditAssembler given an mprotect event', () => {
  it('maps the SYSCALL record to an mprotect at its EOE', () => {
    const outcomes = assemble([
      syscall(),
      `type=PROCTITLE msg=audit(${TIME}:1): proctitle=74726967676572`,
      eoe(),
    ]);

    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.line).toBe(1);
    const [event] = eventsOf(outcomes) as MprotectEvent[];
    expect(event).toEqual({
      kind: 'mprotect',
      timeMs: TIME_MS,
      ktimeNs: BigInt(TIME_MS) * 1_000_000n + 1n,
      pid: 5371,
      tid: 5371,
      startNs: 0n,
      uid: 0,
      gid: 0,
      name: 'trigger',
      threadName: 'trigger',
      executable: '/usr/bin/trigger',
      addr: 0x7f1907de1000n,
      len: 0x1000n,
      prot: 7n,
      ret: 0,
      syscall: 'mprotect',
    });
  });

  it.each([
    [329, 'pkey_mprotect'],
    [9, 'mmap'],
  ])('maps syscall %i to %s', (number, name) => {
    const outcomes = assemble([syscall({ syscall: number }), eoe()]);

    expect((eventsOf(outcomes)[0] as MprotectEvent).syscall).toBe(name);
  });

  it('decodes a hex-encoded comm and exe', () => {
    const fields =
      'success=yes exit=0 a0=1000 a1=1000 a2=7 pid=9 comm=6D79207061796C6F6164 ' +
      'exe=2F746D702F6D792070';

    const [event] = eventsOf(assemble([syscall({ fields }), eoe()]));

    expect(event?.name).toBe('my payload');
    expect(event?.threadName).toBe('my payload');
    expect(event?.executable).toBe('/tmp/my p');
  });

  it('reads an enriched line as its raw part', () => {
    const enriched = `${syscall()}\x1dARCH=x86_64 SYSCALL=mprotect AUID="alice" UID="root"`;

    const [event] = eventsOf(assemble([enriched, eoe()]));

    expect(event).toMatchObject({ pid: 5371, prot: 7n, uid: 0 });
  });

  it('keeps a failed call with its errno, and -1 when only success=no is known', () => {
    const refused = 'success=no exit=-13 a0=1000 a1=1000 a2=7 pid=9 comm="a"';
    const noExit = 'success=no a0=1000 a1=1000 a2=7 pid=9 comm="a"';

    const events = eventsOf(
      assemble([syscall({ fields: refused }), syscall({ serial: 2, fields: noExit })]),
    ) as MprotectEvent[];

    expect(events.map((e) => e.ret)).toEqual([-13, -1]);
  });

  it('gives events of one millisecond distinct, ordered nanoseconds from their serial', () => {
    const events = eventsOf(assemble([syscall({ serial: 7 }), syscall({ serial: 8 })]));

    expect(events.map((e) => e.ktimeNs - BigInt(TIME_MS) * 1_000_000n)).toEqual([7n, 8n]);
  });
});

describe('AuditAssembler given a connect event', () => {
  it('maps SYSCALL and SOCKADDR to a TCP connect with no known source', () => {
    const outcomes = assemble([
      syscall({ syscall: 42, fields: CONNECT_FIELDS }),
      sockaddr(TO_198_51_100_2),
      eoe(),
    ]);

    const [event] = eventsOf(outcomes) as ConnectEvent[];
    expect(outcomes[0]?.line).toBe(1);
    expect(event).toMatchObject({
      kind: 'connect',
      pid: 5371,
      name: 'trigger',
      family: 4,
      transport: 'tcp',
      sourceIp: '',
      sourcePort: 0,
      destinationIp: '198.51.100.2',
      destinationPort: 8080,
    });
  });

  it('maps an IPv6 SOCKADDR, a mapped one with its IPv4 part dotted', () => {
    const v6 = `0A0001BB0000000020010DB8000000000000000000000002${'00000000'}`;
    const mapped = `0A0001BB0000000000000000000000000000FFFFC6336402${'00000000'}`;

    const events = eventsOf(
      assemble([
        syscall({ syscall: 42, fields: CONNECT_FIELDS }),
        sockaddr(v6),
        syscall({ serial: 2, syscall: 42, fields: CONNECT_FIELDS }),
        sockaddr(mapped, 2),
      ]),
    ) as ConnectEvent[];

    expect(events.map((e) => [e.family, e.destinationIp, e.destinationPort])).toEqual([
      [6, '2001:db8::2', 443],
      [6, '::ffff:198.51.100.2', 443],
    ]);
  });

  it('pairs records of one event that other events interleave', () => {
    const outcomes = assemble([
      syscall({ syscall: 42, fields: CONNECT_FIELDS, serial: 1 }),
      syscall({ serial: 2 }),
      sockaddr(TO_198_51_100_2, 1),
      eoe(2),
      eoe(1),
    ]);

    expect(eventsOf(outcomes).map((e) => e.kind)).toEqual(['mprotect', 'connect']);
    expect(outcomes.map((o) => o.line)).toEqual([2, 1]);
  });

  it('completes events still open when the file ends', () => {
    const outcomes = assemble([
      syscall({ syscall: 42, fields: CONNECT_FIELDS }),
      sockaddr(TO_198_51_100_2),
    ]);

    expect(eventsOf(outcomes)).toHaveLength(1);
  });

  it('skips a connect without SOCKADDR and one to an AF_UNIX socket', () => {
    const outcomes = assemble([
      syscall({ syscall: 42, fields: CONNECT_FIELDS, serial: 1 }),
      eoe(1),
      syscall({ syscall: 42, fields: CONNECT_FIELDS, serial: 2 }),
      sockaddr('01002F72756E2F736F636B00', 2),
      eoe(2),
    ]);

    expect(outcomes.map((o) => o.result)).toEqual([{ type: 'skip' }, { type: 'skip' }]);
  });
});

describe('AuditAssembler given more events open than it holds', () => {
  it('completes the oldest once 256 are open, before their EOE', () => {
    const lines = Array.from({ length: 257 }, (_, i) => syscall({ serial: i + 1 }));

    const assembler = new AuditAssembler();
    const completed: number[] = [];
    lines.forEach((text, index) => {
      assembler.line(text, index + 1, (_result, line) => completed.push(line));
    });

    expect(completed).toEqual([1]);
  });
});

describe('AuditAssembler given events not for the rule', () => {
  it.each([
    ['another syscall', syscall({ syscall: 59 })],
    ['an i386 process, whose numbers are not mapped', syscall({ arch: '40000003', syscall: 125 })],
  ])('skips %s', (_what, line) => {
    const outcomes = assemble([line, eoe()]);

    expect(outcomes).toEqual([{ result: { type: 'skip' }, line: 1 }]);
  });

  it('passes over records outside SYSCALL events and ausearch separators silently', () => {
    const outcomes = assemble([
      '----',
      'time->Tue Dec  3 16:05:52 2024',
      'type=USER_LOGIN msg=audit(1733241910.100:990): pid=880 uid=0 res=success',
      eoe(990),
    ]);

    expect(outcomes).toEqual([]);
  });
});

describe('AuditAssembler given malformed lines', () => {
  it('reports a line that is no audit record with its line number', () => {
    const outcomes = assemble([syscall(), 'audit: backlog limit exceeded', eoe()]);

    expect(outcomes).toEqual([
      { result: { type: 'malformed', reason: 'not an audit record' }, line: 2 },
      expect.objectContaining({ line: 1, result: expect.objectContaining({ type: 'event' }) }),
    ]);
  });

  it.each([
    ['no pid', 'a0=1 a1=1 a2=7 comm="a"', 'SYSCALL pid: is missing'],
    ['a pid that is no number', 'a0=1 a1=1 a2=7 pid=x comm="a"', 'SYSCALL pid: must be'],
    ['no comm', 'a0=1 a1=1 a2=7 pid=1', 'SYSCALL comm: is missing'],
    ['a prot that is no hex', 'a0=1 a1=1 a2=rwx pid=1 comm="a"', 'SYSCALL a2: must be a hex'],
    ['an exit that is no number', 'exit=ok a0=1 a1=1 a2=7 pid=1 comm="a"', 'SYSCALL exit: must'],
  ])('reports a SYSCALL with %s at its own line', (_what, fields, reason) => {
    const outcomes = assemble([eoe(9), syscall({ fields }), eoe()]);

    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.line).toBe(2);
    expect(outcomes[0]?.result.type === 'malformed' && outcomes[0].result.reason).toMatch(
      new RegExp(`^${reason}`),
    );
  });

  it('reports a SOCKADDR that does not decode at the SOCKADDR line', () => {
    const outcomes = assemble([
      syscall({ syscall: 42, fields: CONNECT_FIELDS }),
      sockaddr('02001F'),
      eoe(),
    ]);

    expect(outcomes).toEqual([
      { result: { type: 'malformed', reason: 'SOCKADDR saddr: family 2 needs 8 bytes' }, line: 2 },
    ]);
  });
});
