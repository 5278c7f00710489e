// Conformance rows for rule points 3 (what joins two events) and 4 (order and look-back).
import { expect } from 'vitest';
import { type ConformanceRow, c, MINUTE_MS, m, SECOND_MS, same } from './conformance.js';
import { HOST_ID } from './correlator.js';

const LATER_START_NS = 9_000_000_000n;

export const JOIN_ROWS: ConformanceRow[] = [
  {
    id: '3.1',
    condition: 'mprotect and connection from two threads of one process',
    ...same({
      outcome: 'alerts, reporting the host, the pid and the mprotect thread',
      steps: [m(0, { tid: 11 }), c(SECOND_MS, { tid: 12 })],
      alerts: 1,
      verify: ({ matches }) => {
        expect(matches[0]?.key).toEqual({ hostId: HOST_ID, pid: 4242, name: 'payload' });
        expect(matches[0]?.mprotect.tid).toBe(11);
      },
    }),
  },
  {
    id: '3.2',
    condition: 'two pids with the same name',
    ...same({
      outcome: 'does not join two pids with the same name',
      steps: [m(0, { pid: 100 }), c(SECOND_MS, { pid: 101 })],
      alerts: 0,
    }),
  },
  {
    id: '3.3',
    condition: 'process renamed between the mprotect and the connection',
    parity: {
      outcome: 'does not join across the rename',
      steps: [m(0, { name: 'payload' }), c(SECOND_MS, { name: 'kworker/0:1' })],
      alerts: 0,
    },
    hardened: {
      outcome: 'joins across the rename and reports the name at the mprotect',
      steps: [m(0, { name: 'payload' }), c(SECOND_MS, { name: 'kworker/0:1' })],
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.key.name).toBe('payload'),
    },
  },
  {
    id: '3.4',
    condition: 'process renamed between the connection and the mprotect',
    parity: {
      outcome: 'does not join across the rename',
      steps: [c(0, { name: 'loader' }), m(SECOND_MS, { name: 'sshd' })],
      alerts: 0,
    },
    hardened: {
      outcome: 'joins and reports the name at the mprotect, which came second',
      steps: [c(0, { name: 'loader' }), m(SECOND_MS, { name: 'sshd' })],
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.key.name).toBe('sshd'),
    },
  },
  {
    id: '3.5',
    condition: 'pid reused by a new process with the same name',
    parity: {
      outcome: 'joins the two processes, as the rule keys on pid and name only',
      steps: [m(0), c(SECOND_MS, { startNs: LATER_START_NS })],
      alerts: 1,
    },
    hardened: {
      outcome: 'does not join two processes with different start times',
      steps: [m(0), c(SECOND_MS, { startNs: LATER_START_NS })],
      alerts: 0,
    },
  },
];

export const ORDER_ROWS: ConformanceRow[] = [
  {
    id: '4.1',
    condition: 'connection before the mprotect',
    ...same({
      outcome: 'alerts when the connection comes first',
      steps: [c(0), m(SECOND_MS)],
      alerts: 1,
    }),
  },
  {
    id: '4.2',
    condition: 'legs exactly the look-back (9 min) apart',
    ...same({
      outcome: 'alerts for legs exactly 9 min apart',
      steps: [m(0), c(9 * MINUTE_MS)],
      alerts: 1,
    }),
  },
  {
    id: '4.3',
    condition: 'legs 1 ms more than the look-back apart',
    ...same({
      outcome: 'does not alert for legs 9 min and 1 ms apart',
      steps: [c(0), m(9 * MINUTE_MS + 1)],
      alerts: 0,
    }),
  },
  {
    id: '4.4',
    condition: 'two mprotects and no connection',
    ...same({
      outcome: 'does not alert, since one event never fills both legs',
      steps: [m(0), m(SECOND_MS)],
      alerts: 0,
    }),
  },
  {
    id: '4.5',
    condition: 'two connections and no mprotect',
    ...same({
      outcome: 'does not alert for connections alone',
      steps: [c(0), c(SECOND_MS)],
      alerts: 0,
    }),
  },
  {
    id: '4.6',
    condition: 'event delivered after it left the look-back',
    ...same({
      outcome: 'counts it as stale and does not pair it',
      steps: [m(0), { atMs: 10 * MINUTE_MS, event: c(SECOND_MS - 1) }],
      alerts: 0,
      verify: ({ stats }) => expect(stats.stale).toBe(1),
    }),
  },
  {
    id: '4.7',
    condition: 'configured lookbackMs',
    ...same({
      outcome: 'does not alert for legs 61 s apart with a 60 s look-back',
      config: { lookbackMs: MINUTE_MS },
      steps: [m(0), c(MINUTE_MS + SECOND_MS)],
      alerts: 0,
    }),
  },
];
