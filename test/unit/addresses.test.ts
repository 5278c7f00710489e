import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostAddresses } from '../../src/host/addresses.js';

function entry(address: string, internal: boolean): NetworkInterfaceInfo {
  return {
    address,
    internal,
    family: address.includes(':') ? 'IPv6' : 'IPv4',
    netmask: '255.255.255.0',
    mac: '02:00:00:00:00:01',
    cidr: null,
    scopeid: 0,
  } as NetworkInterfaceInfo;
}

describe('hostAddresses', () => {
  it('lists every non-loopback address once, in interface order', () => {
    const interfaces = {
      lo: [entry('127.0.0.1', true), entry('::1', true)],
      eth0: [entry('192.0.2.10', false), entry('2001:db8::10', false)],
      'br-1': [entry('192.0.2.10', false)],
      down: undefined,
    };

    const addresses = hostAddresses(interfaces);

    expect(addresses).toEqual(['192.0.2.10', '2001:db8::10']);
  });

  it('reads the real interfaces by default', () => {
    const addresses = hostAddresses();

    expect(addresses).not.toContain('127.0.0.1');
  });
});
