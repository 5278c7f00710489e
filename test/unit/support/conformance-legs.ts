// Conformance rows for rule points 1 (the mprotect leg) and 2 (the network leg).
import { expect } from 'vitest';
import { type ConformanceRow, c, m, SECOND_MS, same } from './conformance.js';

const NGINX = '/usr/sbin/nginx';

export const MPROTECT_LEG_ROWS: ConformanceRow[] = [
  {
    id: '1.1',
    condition: 'mprotect with prot exactly 7 (RWX)',
    ...same({ outcome: 'alerts for mprotect RWX', steps: [m(0), c(SECOND_MS)], alerts: 1 }),
  },
  {
    id: '1.2',
    condition: 'prot with bits beyond RWX (0xf: PROT_SEM too)',
    parity: {
      outcome: 'does not alert for prot 0xf, since the rule wants exactly 7',
      steps: [m(0, { prot: 0xfn }), c(SECOND_MS)],
      alerts: 0,
    },
    hardened: {
      outcome: 'alerts for prot 0xf, since bits other than write and exec are ignored',
      steps: [m(0, { prot: 0xfn }), c(SECOND_MS)],
      alerts: 1,
    },
  },
  {
    id: '1.3',
    condition: 'prot 6: writable and executable, not readable',
    parity: {
      outcome: 'does not alert for prot 6',
      steps: [m(0, { prot: 6n }), c(SECOND_MS)],
      alerts: 0,
    },
    hardened: {
      outcome: 'alerts for prot 6, since write and exec are what matter',
      steps: [m(0, { prot: 6n }), c(SECOND_MS)],
      alerts: 1,
    },
  },
  {
    id: '1.4',
    condition: 'prot not both writable and executable (5 = RX, 3 = RW)',
    ...same({
      outcome: 'does not alert for prot 5 or prot 3',
      steps: [m(0, { prot: 5n }), m(1, { prot: 3n }), c(SECOND_MS)],
      alerts: 0,
    }),
  },
  {
    id: '1.5',
    condition: 'mprotect that failed (-EACCES)',
    parity: {
      outcome: 'alerts for a failed mprotect, since the rule reads only the argument',
      steps: [m(0, { ret: -13 }), c(SECOND_MS)],
      alerts: 1,
    },
    hardened: {
      outcome: 'does not alert for a failed mprotect',
      steps: [m(0, { ret: -13 }), c(SECOND_MS)],
      alerts: 0,
    },
  },
  {
    id: '1.6',
    condition: 'pkey_mprotect with prot 7',
    parity: {
      outcome: 'does not alert for pkey_mprotect',
      steps: [m(0, { syscall: 'pkey_mprotect' }), c(SECOND_MS)],
      alerts: 0,
    },
    hardened: {
      outcome: 'alerts for pkey_mprotect',
      steps: [m(0, { syscall: 'pkey_mprotect' }), c(SECOND_MS)],
      alerts: 1,
    },
  },
  {
    id: '1.7',
    condition: 'mmap with prot 7 that returned an address',
    parity: {
      outcome: 'does not alert for mmap',
      steps: [m(0, { syscall: 'mmap', ret: 0x7f00_0000_0000 }), c(SECOND_MS)],
      alerts: 0,
    },
    hardened: {
      outcome: 'alerts for a successful mmap',
      steps: [m(0, { syscall: 'mmap', ret: 0x7f00_0000_0000 }), c(SECOND_MS)],
      alerts: 1,
    },
  },
  {
    id: '1.8',
    condition: 'mmap (-ENOMEM) or pkey_mprotect (-EINVAL) that failed',
    ...same({
      outcome: 'does not alert for a failed mmap or pkey_mprotect',
      steps: [
        m(0, { syscall: 'mmap', ret: -12 }),
        m(1, { syscall: 'pkey_mprotect', ret: -22 }),
        c(SECOND_MS),
      ],
      alerts: 0,
    }),
  },
  {
    id: '1.9',
    condition: 'process named exactly httpd',
    ...same({
      outcome: 'does not alert for httpd',
      steps: [m(0, { name: 'httpd' }), c(SECOND_MS, { name: 'httpd' })],
      alerts: 0,
    }),
  },
  {
    id: '1.10',
    condition: 'process named HTTPD (name compared case-sensitively)',
    ...same({
      outcome: 'alerts for HTTPD',
      steps: [m(0, { name: 'HTTPD' }), c(SECOND_MS, { name: 'HTTPD' })],
      alerts: 1,
    }),
  },
  {
    id: '1.11',
    condition: 'configured processNames replace the default list',
    ...same({
      outcome: 'alerts for httpd and not for java when processNames is [java]',
      config: { exclude: { processNames: ['java'] } },
      steps: [
        ...[m(0, { pid: 1, name: 'httpd' }), c(SECOND_MS, { pid: 1, name: 'httpd' })],
        ...[m(0, { pid: 2, name: 'java' }), c(SECOND_MS, { pid: 2, name: 'java' })],
      ],
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.key.name).toBe('httpd'),
    }),
  },
  {
    id: '1.12',
    condition: 'configured executable path excluded',
    ...same({
      outcome: 'does not alert for a process whose executable is excluded',
      config: { exclude: { executables: [NGINX] } },
      steps: [m(0, { executable: NGINX }), c(SECOND_MS, { executable: NGINX })],
      alerts: 0,
    }),
  },
  {
    id: '1.13',
    condition: 'executable unknown while executables are excluded (fail open)',
    ...same({
      outcome: 'alerts for a process whose executable is unknown',
      config: { exclude: { executables: [NGINX] } },
      steps: [m(0), c(SECOND_MS)],
      alerts: 1,
    }),
  },
];

export const NETWORK_LEG_ROWS: ConformanceRow[] = [
  {
    id: '2.1',
    condition: 'TCP connection attempt to a public IPv4 address',
    ...same({ outcome: 'alerts for TCP to 198.51.100.1', steps: [m(0), c(SECOND_MS)], alerts: 1 }),
  },
  {
    id: '2.2',
    condition: 'TCP connection attempt to a public IPv6 address',
    ...same({
      outcome: 'alerts for TCP to 2001:db8::1',
      steps: [m(0), c(SECOND_MS, { family: 6, destinationIp: '2001:db8::1' })],
      alerts: 1,
    }),
  },
  {
    id: '2.3',
    condition: "the rule's excluded destinations: 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4, ::1",
    ...same({
      outcome: 'does not alert for any excluded destination, edges included',
      steps: [
        m(0),
        ...['127.0.0.0', '127.255.255.255', '169.254.0.0', '169.254.255.255'].map((ip) =>
          c(SECOND_MS, { destinationIp: ip }),
        ),
        ...['224.0.0.0', '239.255.255.255'].map((ip) => c(SECOND_MS, { destinationIp: ip })),
        c(SECOND_MS, { family: 6, destinationIp: '::1' }),
      ],
      alerts: 0,
      verify: ({ stats }) => expect(stats.ignored).toBe(7),
    }),
  },
  {
    id: '2.4',
    condition: 'IPv4-mapped IPv6 forms of the excluded IPv4 ranges',
    ...same({
      outcome: 'does not alert, since a mapped address is judged as IPv4',
      steps: [
        m(0),
        ...['::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:224.0.0.251'].map((ip) =>
          c(SECOND_MS, { family: 6, destinationIp: ip }),
        ),
      ],
      alerts: 0,
    }),
  },
  {
    id: '2.5',
    condition: '::1 is one address, not a range',
    ...same({
      outcome: 'alerts for ::2',
      steps: [m(0), c(SECOND_MS, { family: 6, destinationIp: '::2' })],
      alerts: 1,
    }),
  },
  ...hardenedOnlyDestinations(),
  {
    id: '2.11',
    condition: 'connected UDP socket to a public address',
    parity: {
      outcome: 'does not alert for UDP',
      steps: [m(0), c(SECOND_MS, { transport: 'udp' })],
      alerts: 0,
    },
    hardened: {
      outcome: 'alerts for UDP, reported as transport udp',
      steps: [m(0), c(SECOND_MS, { transport: 'udp' })],
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.connect.transport).toBe('udp'),
    },
  },
  {
    id: '2.12',
    condition: 'connected UDP socket to an excluded destination',
    ...same({
      outcome: 'does not alert for UDP to 127.0.0.1',
      steps: [m(0), c(SECOND_MS, { transport: 'udp', destinationIp: '127.0.0.1' })],
      alerts: 0,
    }),
  },
  {
    id: '2.13',
    condition: 'configured destinations replace the default list',
    ...same({
      outcome:
        'alerts for 127.0.0.1 and not for 198.51.100.1 when destinations is [198.51.100.0/24]',
      config: { exclude: { destinations: ['198.51.100.0/24'] } },
      steps: [m(0), c(SECOND_MS), c(2 * SECOND_MS, { destinationIp: '127.0.0.1' })],
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.connect.destinationIp).toBe('127.0.0.1'),
    }),
  },
];

// Destinations the rule lets through and the hardened profile excludes.
function hardenedOnlyDestinations(): ConformanceRow[] {
  const cases = [
    { id: '2.6', condition: 'IPv6 link-local fe80::/10', ip: 'fe80::1', family: 6 as const },
    { id: '2.7', condition: 'IPv6 multicast ff00::/8', ip: 'ff02::1', family: 6 as const },
    { id: '2.8', condition: 'unspecified IPv4 0.0.0.0/8', ip: '0.0.0.0', family: 4 as const },
    { id: '2.9', condition: 'unspecified IPv6 ::', ip: '::', family: 6 as const },
    { id: '2.10', condition: 'IPv4-mapped unspecified', ip: '::ffff:0.0.0.1', family: 6 as const },
  ];

  return cases.map(({ id, condition, ip, family }) => ({
    id,
    condition,
    parity: {
      outcome: `alerts for ${ip}, which the rule does not exclude`,
      steps: [m(0), c(SECOND_MS, { family, destinationIp: ip })],
      alerts: 1,
    },
    hardened: {
      outcome: `does not alert for ${ip}`,
      steps: [m(0), c(SECOND_MS, { family, destinationIp: ip })],
      alerts: 0,
    },
  }));
}
