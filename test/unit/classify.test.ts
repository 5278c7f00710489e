import { describe, expect, it } from 'vitest';
import {
  DestinationFilter,
  InvalidDestinationError,
  isRuleExcludedDestination,
  judgedIpKind,
  RULE_EXCLUDED_DESTINATIONS,
} from '../../src/net/classify.js';

describe('isRuleExcludedDestination at the edges of each rule range', () => {
  const cases = [
    { ip: '126.255.255.255', excluded: false },
    { ip: '127.0.0.0', excluded: true },
    { ip: '127.255.255.255', excluded: true },
    { ip: '128.0.0.0', excluded: false },
    { ip: '169.253.255.255', excluded: false },
    { ip: '169.254.0.0', excluded: true },
    { ip: '169.254.255.255', excluded: true },
    { ip: '169.255.0.0', excluded: false },
    { ip: '223.255.255.255', excluded: false },
    { ip: '224.0.0.0', excluded: true },
    { ip: '239.255.255.255', excluded: true },
    { ip: '240.0.0.0', excluded: false },
  ];

  it.each(cases)('judges $ip excluded: $excluded', ({ ip, excluded }) => {
    const result = isRuleExcludedDestination(ip);

    expect(result).toBe(excluded);
  });
});

describe('isRuleExcludedDestination with IPv6 destinations', () => {
  const cases = [
    { ip: '::1', excluded: true, why: 'the exact loopback is listed' },
    { ip: '0:0:0:0:0:0:0:1', excluded: true, why: 'uncompressed loopback is the same address' },
    { ip: '::2', excluded: false, why: '::1 is exact, not a range' },
    { ip: '::ffff:127.0.0.1', excluded: true, why: 'mapped IPv4 is judged as IPv4' },
    { ip: '::ffff:7f00:1', excluded: true, why: 'mapped IPv4 in hex is judged as IPv4' },
    { ip: '::ffff:198.51.100.1', excluded: false, why: 'the IPv4 it carries is public' },
    { ip: 'fe80::1', excluded: false, why: 'the rule lists no IPv6 link-local range' },
    { ip: 'ff02::1', excluded: false, why: 'the rule lists no IPv6 multicast range' },
    { ip: '2001:db8::1', excluded: false, why: 'no range covers it' },
  ];

  it.each(cases)('judges $ip excluded: $excluded because $why', ({ ip, excluded }) => {
    const result = isRuleExcludedDestination(ip);

    expect(result).toBe(excluded);
  });
});

describe('isRuleExcludedDestination with text that is not an address', () => {
  const cases = ['', 'localhost', '127.1', '0x7f.0.0.1', '999.0.0.1', '127.0.0.1/8', '::1::'];

  it.each(cases)('does not exclude %j, so the connection is still judged', (ip) => {
    const result = isRuleExcludedDestination(ip);

    expect(result).toBe(false);
  });
});

describe('DestinationFilter built from configured entries', () => {
  it('excludes exactly the rule list when given it', () => {
    const filter = DestinationFilter.fromList(RULE_EXCLUDED_DESTINATIONS);

    const results = ['127.0.0.1', '::1', '8.8.8.8'].map((ip) => filter.excludes(ip));

    expect(results).toEqual([true, true, false]);
  });

  it('treats an entry without a prefix as one exact address', () => {
    const filter = DestinationFilter.fromList(['192.0.2.7']);

    const results = ['192.0.2.7', '192.0.2.8'].map((ip) => filter.excludes(ip));

    expect(results).toEqual([true, false]);
  });

  it('reads a mapped IPv6 range as the IPv4 range it carries', () => {
    const filter = DestinationFilter.fromList(['::ffff:10.0.0.0/104']);

    const results = ['10.1.2.3', '::ffff:10.1.2.3', '11.0.0.1'].map((ip) => filter.excludes(ip));

    expect(results).toEqual([true, true, false]);
  });

  it('matches an IPv6 range only against IPv6 destinations', () => {
    const filter = DestinationFilter.fromList(['fe80::/10']);

    const results = ['fe80::abcd', '169.254.1.1'].map((ip) => filter.excludes(ip));

    expect(results).toEqual([true, false]);
  });

  it('excludes nothing when the list is empty', () => {
    const filter = DestinationFilter.fromList([]);

    const result = filter.excludes('127.0.0.1');

    expect(result).toBe(false);
  });
});

describe('DestinationFilter given an invalid entry', () => {
  const cases = ['', 'not-an-ip', '10.0.0.0/33', '::/129', '10.0.0.0/x', '10.0.0.0/8/1', '10.1/8'];

  it.each(cases)('throws INVALID_DESTINATION naming %j', (entry) => {
    const build = () => DestinationFilter.fromList(['127.0.0.0/8', entry]);

    expect(build).toThrow(InvalidDestinationError);
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_DESTINATION', value: entry }));
  });

  it('puts the bad value in the message', () => {
    const build = () => DestinationFilter.fromList(['10.0.0.0/33']);

    expect(build).toThrow('"10.0.0.0/33"');
  });
});

describe('judgedIpKind given IPv4, mapped, IPv6 and invalid text', () => {
  it('reports the family the rule judges an address as', () => {
    const kinds = ['192.0.2.1', '::ffff:192.0.2.1', '2001:db8::1', 'nope'].map(judgedIpKind);

    expect(kinds).toEqual(['ipv4', 'ipv4', 'ipv6', undefined]);
  });
});

describe('DestinationFilter.kernelRanges for the kernel tries', () => {
  it('gives each range as network-order bytes with its prefix', () => {
    const filter = DestinationFilter.fromList(['127.0.0.0/8', '::1', 'fe80::/10']);

    const ranges = filter.kernelRanges();

    expect(ranges).toEqual([
      { family: 4, address: [127, 0, 0, 0], prefix: 8 },
      { family: 6, address: [...Array(15).fill(0), 1], prefix: 128 },
      { family: 6, address: [0xfe, 0x80, ...Array(14).fill(0)], prefix: 10 },
    ]);
  });

  it('gives an IPv4-mapped range as the IPv4 range it covers', () => {
    const filter = DestinationFilter.fromList(['::ffff:10.0.0.0/104']);

    expect(filter.kernelRanges()).toEqual([{ family: 4, address: [10, 0, 0, 0], prefix: 8 }]);
  });
});
