import { describe, expect, it } from 'vitest';
import { canonicalIp } from '../../src/net/ip-text.js';
import { EventClock } from '../../src/replay/clock.js';
import { ReplayHosts } from '../../src/replay/hosts.js';
import { parseIsoTime, withSequence } from '../../src/replay/timestamp.js';
import type { ReplayEvent } from '../../src/replay/types.js';
import { mprotectEvent } from './support/events.js';

const LOCAL = { id: 'local-id', name: 'local' };
const MS = Date.UTC(2024, 11, 3, 16, 6, 10);

describe('parseIsoTime', () => {
  it.each([
    ['2024-12-03T16:06:10Z', MS, 0n],
    ['2024-12-03T16:06:10.25Z', MS + 250, 0n],
    ['2024-12-03T16:06:10.300123456Z', MS + 300, 123_456n],
    ['2024-12-03T17:06:10.001+01:00', MS + 1, 0n],
    ['2024-12-03T16:06:10,5Z', MS + 500, 0n],
  ])('reads %s to the nanosecond', (text, timeMs, subMsNs) => {
    const time = parseIsoTime(text);

    expect(time).toEqual({ timeMs, timeNs: BigInt(timeMs) * 1_000_000n + subMsNs });
  });

  it.each([
    '2024-12-03 16:06:10Z',
    '2024-12-03T16:06:10',
    '2024-12-03T25:06:10Z',
    '1733241970',
    '2024-12-03T16:06:10.1234567890Z',
  ])('refuses %s', (text) => {
    const time = parseIsoTime(text);

    expect(time).toBeUndefined();
  });
});

describe('withSequence', () => {
  it('fills the nanoseconds of a millisecond time with the low digits of the sequence', () => {
    const time = { timeMs: MS, timeNs: BigInt(MS) * 1_000_000n };

    const filled = withSequence(time, 12_345_678);

    expect(filled.timeNs - time.timeNs).toBe(345_678n);
  });

  it('keeps a time that has its own sub-millisecond part, or no sequence', () => {
    const precise = { timeMs: MS, timeNs: BigInt(MS) * 1_000_000n + 7n };
    const plain = { timeMs: MS, timeNs: BigInt(MS) * 1_000_000n };

    expect(withSequence(precise, 5)).toBe(precise);
    expect(withSequence(plain, undefined)).toBe(plain);
  });
});

describe('EventClock', () => {
  it('reads the latest event time and never moves backwards', () => {
    const clock = new EventClock();

    clock.advance(MS + 10);
    clock.advance(MS);

    expect(clock.now()).toBe(MS + 10);
  });
});

describe('ReplayHosts', () => {
  function events(...hosts: ReplayEvent['host'][]): ReplayEvent[] {
    return hosts.map((host) => ({ event: mprotectEvent(), host, fileIndex: 0, line: 1 }));
  }

  it('keeps the input host id, and takes a missing or empty one as this machine', () => {
    const hosts = new ReplayHosts([], undefined, LOCAL);

    const ids = [{ id: 'a' }, {}, { id: '' }].map((host) => hosts.idOf(host));

    expect(ids).toEqual(['a', 'local-id', 'local-id']);
  });

  it('names a host by the first name its input gives, else this machine or its id', () => {
    const hosts = new ReplayHosts(
      events({ id: 'a' }, { id: 'a', name: 'web-a' }, { id: 'a', name: 'other' }, { name: 'n' }),
      undefined,
      LOCAL,
    );

    const names = ['a', 'local-id', 'b'].map((id) => hosts.nameOf(id));

    expect(names).toEqual(['web-a', 'n', 'b']);
  });

  it('puts every event on the --host-id host', () => {
    const hosts = new ReplayHosts(events({ id: 'a', name: 'web-a' }), 'forced', LOCAL);

    expect(hosts.idOf({ id: 'a' })).toBe('forced');
    expect(hosts.nameOf('forced')).toBe('web-a');
  });
});

describe('canonicalIp', () => {
  it.each([
    ['198.51.100.2', { ip: '198.51.100.2', family: 4 }],
    ['2001:DB8::0:2', { ip: '2001:db8::2', family: 6 }],
    ['::ffff:c633:6402', { ip: '::ffff:198.51.100.2', family: 6 }],
    ['10.0.0', undefined],
    ['0x7f.1', undefined],
    ['host.example', undefined],
  ])('writes %s canonically', (text, expected) => {
    const result = canonicalIp(text);

    expect(result).toEqual(expected);
  });
});
