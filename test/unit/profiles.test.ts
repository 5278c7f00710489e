import { describe, expect, it } from 'vitest';
import { callSucceeded } from '../../src/correlate/qualify.js';
import type { MemorySyscall } from '../../src/events/types.js';
import { DestinationFilter, judgedIpKind } from '../../src/net/classify.js';
import { PROFILE_NAMES, PROFILES } from '../../src/rules/profiles.js';
import { mprotectEvent } from './support/events.js';

describe('PROFILES kernel predicate', () => {
  const expected = {
    parity: {
      protMask: 0xffff_ffff_ffff_ffffn,
      protValue: 7n,
      memorySyscalls: ['mprotect'],
      udp: false,
    },
    hardened: {
      protMask: 6n,
      protValue: 6n,
      memorySyscalls: ['mprotect', 'pkey_mprotect', 'mmap'],
      udp: true,
    },
  };

  it.each(PROFILE_NAMES)('hands the addon the %s predicate', (name) => {
    const { kernel } = PROFILES[name];

    expect(kernel).toEqual(expected[name]);
  });
});

describe('PROFILES default exclusions', () => {
  it('gives the hardened profile every parity destination and its extras', () => {
    const { parity, hardened } = PROFILES;

    expect(hardened.exclude.destinations).toEqual(
      expect.arrayContaining([...parity.exclude.destinations]),
    );
    expect(hardened.exclude.destinations).toEqual(
      expect.arrayContaining(['fe80::/10', 'ff00::/8', '0.0.0.0/8', '::/128']),
    );
  });

  it.each(PROFILE_NAMES)('excludes the mapped form of every IPv4 range in %s', (name) => {
    const ranges = PROFILES[name].exclude.destinations;
    const filter = DestinationFilter.fromList(ranges);
    const ipv4Bases = ranges.map((range) => range.split('/')[0] ?? '');

    const mapped = ipv4Bases
      .filter((ip) => judgedIpKind(ip) === 'ipv4')
      .map((ip) => `::ffff:${ip}`);

    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.filter((ip) => !filter.excludes(ip))).toEqual([]);
  });
});

describe('callSucceeded at the edges of each return convention', () => {
  const cases: [MemorySyscall, number, boolean][] = [
    ['mprotect', 0, true],
    ['mprotect', -1, false],
    ['pkey_mprotect', 0, true],
    ['pkey_mprotect', -22, false],
    ['mmap', 0x7f00_0000_0000, true],
    ['mmap', 0, true],
    ['mmap', -1, false],
    ['mmap', -4095, false],
    ['mmap', -4096, true],
  ];

  it.each(cases)('judges %s returning %i as succeeded: %s', (syscall, ret, succeeded) => {
    const result = callSucceeded(mprotectEvent({ syscall, ret }));

    expect(result).toBe(succeeded);
  });
});
