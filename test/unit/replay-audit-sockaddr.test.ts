import { describe, expect, it } from 'vitest';
import { parseSockaddr } from '../../src/replay/audit-sockaddr.js';

describe('parseSockaddr given an AF_INET address', () => {
  it('reads the port and the address in network order', () => {
    const result = parseSockaddr('02001F90C63364020000000000000000');

    expect(result).toEqual({
      type: 'address',
      address: { family: 4, ip: '198.51.100.2', port: 8080 },
    });
  });
});

describe('parseSockaddr given an AF_INET6 address', () => {
  it('reads the address at bytes 8 to 24, past the flow info', () => {
    const hex = `0A0001BB${'00000000'}20010DB8000000000000000000000002${'00000000'}`;

    const result = parseSockaddr(hex);

    expect(result).toEqual({
      type: 'address',
      address: { family: 6, ip: '2001:db8::2', port: 443 },
    });
  });

  it('writes an IPv4-mapped address with its IPv4 part dotted', () => {
    const hex = `0A001F90${'00000000'}00000000000000000000FFFF7F000001`;

    const result = parseSockaddr(hex);

    expect(result).toMatchObject({ address: { family: 6, ip: '::ffff:127.0.0.1' } });
  });
});

describe('parseSockaddr given a family the rule does not cover', () => {
  it.each([
    ['AF_UNIX', '01002F746D702F736F636B00', 1],
    ['AF_UNSPEC', '0000', 0],
    ['AF_NETLINK', '100000000000000000000000', 16],
  ])('reports %s as another family', (_name, hex, family) => {
    const result = parseSockaddr(hex);

    expect(result).toEqual({ type: 'other-family', family });
  });
});

describe('parseSockaddr given a malformed saddr', () => {
  it.each([
    ['odd hex', '0200F', 'must be hex bytes'],
    ['no hex at all', 'inet', 'must be hex bytes'],
    ['one byte', '02', 'shorter than sa_family'],
    ['a cut AF_INET', '02001F90C633', 'family 2 needs 8 bytes'],
    ['a cut AF_INET6', '0A0001BB0000000020010DB8', 'family 10 needs 24 bytes'],
  ])('reports %s', (_what, hex, reason) => {
    const result = parseSockaddr(hex);

    expect(result).toEqual({ type: 'malformed', reason: `saddr: ${reason}` });
  });
});
