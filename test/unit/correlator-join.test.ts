import { describe, expect, it } from 'vitest';
import type { ConnectEvent, MprotectEvent, SensorEvent } from '../../src/events/types.js';
import { LOOKBACK_MS } from '../../src/rules/rwx-network.js';
import { deliver, makeCorrelator } from './support/correlator.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

const SECOND_MS = 1000;

function m(atMs: number, overrides: Partial<MprotectEvent> = {}): MprotectEvent {
  return mprotectEvent({ timeMs: T0_MS + atMs, ...overrides });
}

function c(atMs: number, overrides: Partial<ConnectEvent> = {}): ConnectEvent {
  return connectEvent({ timeMs: T0_MS + atMs, ...overrides });
}

interface JoinCase {
  outcome: string;
  events: SensorEvent[];
  alerts: number;
}

const cases: JoinCase[] = [
  {
    outcome: 'alerts when the connect follows the mprotect',
    events: [m(0), c(SECOND_MS)],
    alerts: 1,
  },
  {
    outcome: 'alerts when the mprotect follows the connect',
    events: [c(0), m(SECOND_MS)],
    alerts: 1,
  },
  {
    outcome: 'alerts for a failed mprotect, since the rule reads only the prot argument',
    events: [m(0, { ret: -13 }), c(SECOND_MS)],
    alerts: 1,
  },
  {
    outcome: 'does not alert for a process named httpd',
    events: [m(0, { name: 'httpd' }), c(SECOND_MS, { name: 'httpd' })],
    alerts: 0,
  },
  {
    outcome: 'alerts for HTTPD, since the name is compared case-sensitively',
    events: [m(0, { name: 'HTTPD' }), c(SECOND_MS, { name: 'HTTPD' })],
    alerts: 1,
  },
  {
    outcome: 'does not alert when prot is 0x17, since the rule wants exactly 7',
    events: [m(0, { prot: 0x17n }), c(SECOND_MS)],
    alerts: 0,
  },
  {
    outcome: 'does not alert when prot is read-write only',
    events: [m(0, { prot: 3n }), c(SECOND_MS)],
    alerts: 0,
  },
  {
    outcome: 'does not alert for a connection to loopback',
    events: [m(0), c(SECOND_MS, { destinationIp: '127.0.0.53' })],
    alerts: 0,
  },
  {
    outcome: 'does not alert for a connection to mapped loopback',
    events: [m(0), c(SECOND_MS, { family: 6, destinationIp: '::ffff:127.0.0.1' })],
    alerts: 0,
  },
  {
    outcome: 'alerts for a connection to a mapped public address',
    events: [m(0), c(SECOND_MS, { family: 6, destinationIp: '::ffff:198.51.100.1' })],
    alerts: 1,
  },
  {
    outcome: 'does not join events of two pids with the same name',
    events: [m(0, { pid: 100 }), c(SECOND_MS, { pid: 101 })],
    alerts: 0,
  },
  {
    outcome: 'does not join across a rename of the same pid',
    events: [m(0, { name: 'payload' }), c(SECOND_MS, { name: 'kworker/0:1' })],
    alerts: 0,
  },
  {
    outcome: 'does not pair two mprotects, since one event never fills both legs',
    events: [m(0), m(SECOND_MS)],
    alerts: 0,
  },
  {
    outcome: 'does not pair two connects',
    events: [c(0), c(SECOND_MS)],
    alerts: 0,
  },
  {
    outcome: 'alerts when the legs are exactly the look-back apart',
    events: [m(0), c(LOOKBACK_MS)],
    alerts: 1,
  },
  {
    outcome: 'does not alert when the legs are just over the look-back apart',
    events: [c(0), m(LOOKBACK_MS + 1)],
    alerts: 0,
  },
];

describe('Correlator joining the two legs of one key', () => {
  it.each(cases)('$outcome', ({ events, alerts }) => {
    const { correlator, clock } = makeCorrelator();

    const matches = deliver(correlator, clock, events);

    expect(matches).toHaveLength(alerts);
  });
});

describe('Correlator given an event delivered late', () => {
  it('counts an event already outside the look-back as stale and does not pair it', () => {
    const { correlator, clock } = makeCorrelator();
    correlator.push(m(0));
    clock.at(LOOKBACK_MS - SECOND_MS);

    const matches = correlator.push(c(-2 * SECOND_MS));

    expect(matches).toEqual([]);
    expect(correlator.stats()).toMatchObject({ stale: 1, keys: 1 });
  });

  it('does not pair with a leg that aged out while waiting', () => {
    const { correlator, clock } = makeCorrelator();
    correlator.push(m(0));
    clock.at(LOOKBACK_MS + SECOND_MS);

    const matches = correlator.push(c(LOOKBACK_MS));

    expect(matches).toEqual([]);
  });
});

describe('Correlator given events that qualify for neither leg', () => {
  it('counts them as ignored and holds no key for them', () => {
    const { correlator, clock } = makeCorrelator();

    deliver(correlator, clock, [m(0, { prot: 5n }), c(0, { destinationIp: '::1' })]);

    expect(correlator.stats()).toMatchObject({ ignored: 2, keys: 0 });
  });
});
