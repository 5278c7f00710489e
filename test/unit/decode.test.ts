import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../../src/events/decode.js';
import { RECORD_SIZES } from '../../src/events/layout.js';
import type { ConnectEvent, MprotectEvent } from '../../src/events/types.js';
import {
  connectRecord,
  exitRecord,
  header,
  lyingHeader,
  mappedBytes,
  mprotectRecord,
} from './support/records.js';

// CLOCK_REALTIME - CLOCK_BOOTTIME: boot at 2024-01-01T00:00:00Z.
const BOOT_TO_REALTIME_NS = BigInt(Date.UTC(2024, 0, 1)) * 1_000_000n;
const NOTHING_SKIPPED = { truncated: 0, unknownKind: 0, malformed: 0 };

describe('decodeBatch with one mprotect record', () => {
  it('decodes every header and mprotect field', () => {
    const batch = mprotectRecord({
      ktimeNs: 2_500_000_000n,
      pid: 77,
      tid: 78,
      uid: 0,
      gid: 5,
      comm: 'evil',
      threadComm: 'evil-thread',
      addr: 0x7fff_0000_1000n,
      len: 8192n,
      prot: 7n,
      ret: -13n,
    });

    const { events, skipped } = decodeBatch(batch, BOOT_TO_REALTIME_NS);

    expect(skipped).toEqual(NOTHING_SKIPPED);
    expect(events).toEqual<MprotectEvent[]>([
      {
        kind: 'mprotect',
        timeMs: Date.UTC(2024, 0, 1) + 2500,
        ktimeNs: 2_500_000_000n,
        pid: 77,
        tid: 78,
        startNs: 1_000_000_000n,
        uid: 0,
        gid: 5,
        name: 'evil',
        threadName: 'evil-thread',
        addr: 0x7fff_0000_1000n,
        len: 8192n,
        prot: 7n,
        ret: -13,
        syscall: 'mprotect',
        context: {
          ppid: 1,
          euid: 0,
          egid: 5,
          nsPid: 7,
          pidnsIno: 4026531836,
          exeDev: 259,
          exeIno: 1234n,
          exeName: 'evil-bin',
          cgroupId: 42n,
        },
      },
    ]);
  });

  it('names the syscall a record comes from', () => {
    const batch = Buffer.concat([
      mprotectRecord({ syscall: 2 }),
      mprotectRecord({ syscall: 3, ret: 0x7f00_0000_0000n }),
    ]);

    const { events } = decodeBatch(batch, 0n);

    expect(events.map((e) => (e.kind === 'mprotect' ? e.syscall : e.kind))).toEqual([
      'pkey_mprotect',
      'mmap',
    ]);
    expect(events[1]).toMatchObject({ ret: 0x7f00_0000_0000 });
  });

  it('counts an unknown syscall number as malformed', () => {
    const batch = mprotectRecord({ syscall: 9 });

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events).toEqual([]);
    expect(skipped.malformed).toBe(1);
  });

  it('keeps a u64 prot above 2^53 exact', () => {
    const batch = mprotectRecord({ prot: 0xffff_ffff_ffff_fff7n });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject({ prot: 0xffff_ffff_ffff_fff7n });
  });

  it('reads a comm that fills all 16 bytes without a NUL', () => {
    const batch = mprotectRecord({ comm: 'abcdefghijklmnop', threadComm: 'x' });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject({ name: 'abcdefghijklmnop', threadName: 'x' });
  });

  it('stops a comm at the first NUL even when bytes follow it', () => {
    const comm = Buffer.from('sh\0garbage');

    const { events } = decodeBatch(mprotectRecord({ comm }), 0n);

    expect(events[0]?.name).toBe('sh');
  });
});

describe('decodeBatch with connect records', () => {
  it('decodes an IPv4 connection with big-endian ports', () => {
    const batch = connectRecord({
      saddr: [192, 0, 2, 10],
      daddr: [203, 0, 113, 9],
      sport: 0xc350,
      dport: 8443,
    });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject<Partial<ConnectEvent>>({
      kind: 'connect',
      family: 4,
      transport: 'tcp',
      sourceIp: '192.0.2.10',
      sourcePort: 50000,
      destinationIp: '203.0.113.9',
      destinationPort: 8443,
    });
  });

  it('formats an IPv6 destination in compressed form', () => {
    const daddr = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const batch = connectRecord({ family: 10, saddr: new Array(15).fill(0).concat(1), daddr });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject({ family: 6, sourceIp: '::1', destinationIp: '2001:db8::1' });
  });

  it('keeps an IPv4-mapped destination as IPv6 text for the classifier to judge', () => {
    const batch = connectRecord({ family: 10, daddr: mappedBytes([127, 0, 0, 1]) });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject({ family: 6, destinationIp: '::ffff:127.0.0.1' });
  });

  it('writes an IPv4-mapped address with a dotted tail, as RFC 5952 asks', () => {
    const batch = connectRecord({
      family: 10,
      saddr: mappedBytes([10, 0, 0, 5]),
      daddr: mappedBytes([198, 51, 100, 2]),
    });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject({
      sourceIp: '::ffff:10.0.0.5',
      destinationIp: '::ffff:198.51.100.2',
    });
  });

  it('keeps hex groups for an address that only looks like a mapped one', () => {
    const daddr = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 198, 51, 100, 2];
    const batch = connectRecord({ family: 10, daddr });

    const { events } = decodeBatch(batch, 0n);

    expect(events[0]).toMatchObject({ destinationIp: '::fffe:c633:6402' });
  });

  it('counts an unknown address family as malformed', () => {
    const batch = connectRecord({ family: 1 });

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events).toEqual([]);
    expect(skipped.malformed).toBe(1);
  });

  it('decodes a connected UDP socket as transport udp', () => {
    const batch = connectRecord({ protocol: 17 });

    const { events } = decodeBatch(batch, 0n);

    expect(events).toMatchObject([{ kind: 'connect', transport: 'udp' }]);
  });

  it('counts a protocol other than TCP and UDP as malformed', () => {
    const batch = connectRecord({ protocol: 132 });

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events).toEqual([]);
    expect(skipped.malformed).toBe(1);
  });
});

describe('decodeBatch with kernel aggregation counts', () => {
  it("reports the counts and the other leg's latest time in wall-clock ms", () => {
    const batch = connectRecord({ legCount: 3n, peerLastNs: 2_000_000_000n, peerCount: 5n });

    const { events } = decodeBatch(batch, BOOT_TO_REALTIME_NS);

    expect(events[0]?.aggregate).toEqual({
      legCount: 3,
      peerLastMs: Date.UTC(2024, 0, 1) + 2000,
      peerCount: 5,
    });
  });

  it('leaves the aggregate out when the kernel did not aggregate', () => {
    const { events } = decodeBatch(mprotectRecord(), 0n);

    expect(events[0]).not.toHaveProperty('aggregate');
  });

  it('leaves the peer time out when the other leg has not happened', () => {
    const { events } = decodeBatch(mprotectRecord({ legCount: 1n }), 0n);

    expect(events[0]?.aggregate).toEqual({ legCount: 1, peerLastMs: undefined, peerCount: 0 });
  });
});

describe('decodeBatch with an exit record', () => {
  it('reports the exit apart from the events of the rule', () => {
    const batch = Buffer.concat([
      exitRecord({ pid: 31, startNs: 9n, exitCode: 9 }),
      mprotectRecord({ pid: 32 }),
    ]);

    const { events, exits } = decodeBatch(batch, 0n);

    expect(exits).toEqual([{ kind: 'exit', timeMs: 5000, pid: 31, startNs: 9n, exitCode: 9 }]);
    expect(events.map((event) => event.pid)).toEqual([32]);
  });
});

describe('decodeBatch with several records back to back', () => {
  it('decodes a mixed batch in order', () => {
    const batch = Buffer.concat([
      mprotectRecord({ pid: 1 }),
      connectRecord({ pid: 2 }),
      mprotectRecord({ pid: 3 }),
    ]);

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events.map((event) => [event.kind, event.pid])).toEqual([
      ['mprotect', 1],
      ['connect', 2],
      ['mprotect', 3],
    ]);
    expect(skipped).toEqual(NOTHING_SKIPPED);
  });

  it('skips an unknown kind by its size and decodes what follows', () => {
    const unknown = header({ kind: 99, size: RECORD_SIZES.header + 24 });
    const batch = Buffer.concat([unknown, connectRecord({ pid: 9 })]);

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events.map((event) => event.pid)).toEqual([9]);
    expect(skipped.unknownKind).toBe(1);
  });

  it('skips a known kind shorter than its struct and decodes what follows', () => {
    const short = header({ kind: 1, size: RECORD_SIZES.mprotect - 8 });
    const batch = Buffer.concat([short, connectRecord({ pid: 9 })]);

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events.map((event) => event.pid)).toEqual([9]);
    expect(skipped.malformed).toBe(1);
  });

  it('decodes a record longer than its struct, as a newer header may append fields', () => {
    const longer = mprotectRecord({ size: RECORD_SIZES.mprotect + 8, pid: 5 });
    const batch = Buffer.concat([longer, connectRecord({ pid: 6 })]);

    const { events } = decodeBatch(batch, 0n);

    expect(events.map((event) => event.pid)).toEqual([5, 6]);
  });

  it('decodes a batch that is a view into a larger buffer', () => {
    const backing = Buffer.concat([Buffer.alloc(3), mprotectRecord({ pid: 8 })]);

    const { events } = decodeBatch(backing.subarray(3), 0n);

    expect(events.map((event) => event.pid)).toEqual([8]);
  });

  it('returns nothing for an empty batch', () => {
    const result = decodeBatch(Buffer.alloc(0), 0n);

    expect(result).toEqual({ events: [], exits: [], skipped: NOTHING_SKIPPED });
  });
});

describe('decodeBatch with a broken frame', () => {
  const cases = [
    { situation: 'a size smaller than the header', broken: lyingHeader(1, 16) },
    { situation: 'a size of zero', broken: lyingHeader(1, 0) },
    { situation: 'a size that is not a multiple of 8', broken: lyingHeader(99, 100) },
    { situation: 'a size running past the end', broken: lyingHeader(2, 1024) },
    { situation: 'a size of 2^32 - 8', broken: lyingHeader(1, 0xffff_fff8) },
  ];

  it.each(cases)('keeps earlier records and counts one truncation at $situation', ({ broken }) => {
    const batch = Buffer.concat([mprotectRecord({ pid: 1 }), broken, mprotectRecord({ pid: 2 })]);

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events.map((event) => event.pid)).toEqual([1]);
    expect(skipped).toEqual({ ...NOTHING_SKIPPED, truncated: 1 });
  });

  it('keeps earlier records and counts one truncation at a tail shorter than a header', () => {
    const batch = Buffer.concat([mprotectRecord({ pid: 1 }), Buffer.alloc(20, 0xff)]);

    const { events, skipped } = decodeBatch(batch, 0n);

    expect(events.map((event) => event.pid)).toEqual([1]);
    expect(skipped).toEqual({ ...NOTHING_SKIPPED, truncated: 1 });
  });

  it('never throws on random bytes', () => {
    const batches = Array.from({ length: 200 }, (_, seed) => pseudoRandomBytes(seed, 300));

    const decodeAll = () => batches.map((batch) => decodeBatch(batch, 0n));

    expect(decodeAll).not.toThrow();
  });
});

// Deterministic so a failure replays; the first header is plausible so decoders run too.
function pseudoRandomBytes(seed: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed + 1;

  for (let i = 0; i < length; i += 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    bytes[i] = state & 0xff;
  }
  bytes.writeUInt32LE(1 + (seed % 3), 0);
  bytes.writeUInt32LE([72, 104, 112, 120][seed % 4] ?? 72, 4);
  return bytes;
}
