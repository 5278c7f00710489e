// Conformance rows for rule points 5 (one alert per key and interval, which pair),
// 6 (the global cap) and 7 (configurable windows whose defaults are the rule's).
import { expect } from 'vitest';
import { type ConformanceRow, c, MINUTE_MS, m, pairOf, SECOND_MS, same } from './conformance.js';

const INTERVAL_5_MIN_MS = 5 * MINUTE_MS;

const held = { mprotect: m(0), first: c(SECOND_MS), second: c(2 * SECOND_MS) };
const shuffled = { early: m(SECOND_MS), middle: m(2 * SECOND_MS), late: m(3 * SECOND_MS) };
const connects = { early: c(4 * SECOND_MS), late: c(5 * SECOND_MS) };

export const INTERVAL_ROWS: ConformanceRow[] = [
  {
    id: '5.1',
    condition: 'a second match inside the interval',
    ...same({
      outcome: 'holds the second match back and folds it into the next alert',
      steps: [m(0), c(SECOND_MS), c(2 * SECOND_MS), c(3 * SECOND_MS + INTERVAL_5_MIN_MS)],
      alerts: 2,
      verify: ({ matches, stats }) => {
        expect(matches.map((match) => match.foldedMatches)).toEqual([0, 1]);
        expect(stats.suppressed).toBe(1);
      },
    }),
  },
  {
    id: '5.2',
    condition: 'the same pair of events delivered again after the interval',
    ...same({
      outcome: 'never alerts the same pair twice',
      steps: [
        held.mprotect,
        held.first,
        { atMs: INTERVAL_5_MIN_MS + 2 * SECOND_MS, event: held.first },
      ],
      alerts: 1,
      verify: ({ stats }) => expect(stats.duplicates).toBe(1),
    }),
  },
  {
    id: '5.3',
    condition: 'which pair the next alert reports',
    ...same({
      outcome: 'reports the earliest mprotect and connection that have not alerted together',
      steps: [
        held.mprotect,
        held.first,
        m(1500),
        held.second,
        c(3 * SECOND_MS + INTERVAL_5_MIN_MS),
      ],
      alerts: 2,
      verify: ({ matches }) => {
        expect(matches[1]?.mprotect).toBe(held.mprotect);
        expect(matches[1]?.connect).toBe(held.second);
        expect(matches[1]?.foldedMatches).toBe(2);
      },
    }),
  },
  {
    id: '5.4',
    condition: 'mprotects arriving out of kernel-time order',
    ...same({
      outcome: 'reports the earliest mprotect by kernel time, not by arrival',
      steps: [shuffled.late, shuffled.early, shuffled.middle, connects.late].map((event) => ({
        atMs: 6 * SECOND_MS,
        event,
      })),
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.mprotect).toBe(shuffled.early),
    }),
  },
  {
    id: '5.5',
    condition: 'connections arriving out of kernel-time order',
    ...same({
      outcome: 'reports the earliest connection by kernel time, not by arrival',
      steps: [connects.late, connects.early, shuffled.middle].map((event) => ({
        atMs: 6 * SECOND_MS,
        event,
      })),
      alerts: 1,
      verify: ({ matches }) => expect(matches[0]?.connect).toBe(connects.early),
    }),
  },
  {
    id: '5.6',
    condition: 'a process that mprotects in a loop',
    ...same({
      outcome: 'counts every mprotect and still reports the earliest',
      steps: [...Array.from({ length: 500 }, (_, i) => m(i)), c(SECOND_MS)],
      alerts: 1,
      verify: ({ matches }) => {
        expect(matches[0]?.mprotect.timeMs).toBe(m(0).timeMs);
        expect(matches[0]?.mprotectCount).toBe(500);
      },
    }),
  },
];

export const CAP_ROWS: ConformanceRow[] = [
  {
    id: '6.1',
    condition: 'more matching processes than maxAlertsPerInterval',
    ...same({
      outcome: 'alerts up to the cap and counts the rest as overCap',
      config: { maxAlertsPerInterval: 2 },
      steps: [1, 2, 3].flatMap((pid) => pairOf(pid)),
      alerts: 2,
      verify: ({ stats }) => expect(stats.overCap).toBe(1),
    }),
  },
  {
    id: '6.2',
    condition: 'a match refused by the cap',
    ...same({
      outcome: "folds the refused match into the key's next alert",
      config: { maxAlertsPerInterval: 1 },
      steps: [...pairOf(1), ...pairOf(2), c(INTERVAL_5_MIN_MS, { pid: 2 })],
      alerts: 2,
      verify: ({ matches }) => expect(matches[1]?.foldedMatches).toBe(1),
    }),
  },
];

export const DEFAULT_ROWS: ConformanceRow[] = [
  {
    id: '7.1',
    condition: 'default interval: 5 min',
    ...same({
      outcome: 'holds back a match 299.999 s after an alert and alerts at 300 s',
      steps: [m(0), c(0), c(INTERVAL_5_MIN_MS - 1), c(INTERVAL_5_MIN_MS)],
      alerts: 2,
      verify: ({ stats }) => expect(stats.suppressed).toBe(1),
    }),
  },
  {
    id: '7.2',
    condition: 'default cap: 100 alerts per interval',
    ...same({
      outcome: 'alerts for 100 processes and counts the 101st as overCap',
      steps: Array.from({ length: 101 }, (_, pid) => pairOf(pid + 1)).flat(),
      alerts: 100,
      verify: ({ stats }) => expect(stats.overCap).toBe(1),
    }),
  },
  {
    id: '7.3',
    condition: 'configured intervalMs',
    ...same({
      outcome: 'alerts again 61 s later with a 60 s interval',
      config: { intervalMs: MINUTE_MS },
      steps: [m(0), c(0), c(MINUTE_MS + SECOND_MS)],
      alerts: 2,
    }),
  },
];
