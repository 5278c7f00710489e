import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { ConfigInput } from '../../src/config/schema.js';
import type { SensorEvent } from '../../src/events/types.js';
import { replayEvents } from '../../src/replay/replay.js';
import type { HostRef, ReplayEvent } from '../../src/replay/types.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';
import { linesAt, memoryLogger } from './support/log.js';
import { CollectingSink, LOCAL_HOST } from './support/replay.js';

const MINUTE_MS = 60_000;

function at(event: SensorEvent, host: HostRef = {}): ReplayEvent {
  return { event, host, fileIndex: 0, line: 1 };
}

function replay(events: ReplayEvent[], overrides: ConfigInput = {}, hostId?: string) {
  const { log, lines } = memoryLogger();
  const sink = new CollectingSink();
  const config = loadConfig(undefined, overrides);

  const stats = replayEvents(events, { config, hostId, localHost: LOCAL_HOST, sink, log });
  return { alerts: sink.alerts, stats, lines };
}

describe('replayEvents given a pair', () => {
  it('stamps the alert with the time of the event that completed it', () => {
    const events = [at(mprotectEvent()), at(connectEvent({ timeMs: T0_MS + 1500 }))];

    const { alerts } = replay(events);

    expect(alerts.map((a) => a['@timestamp'])).toEqual([new Date(T0_MS + 1500).toISOString()]);
  });

  it('gives the same pair the same id, and another pair another id', () => {
    const pair = [at(mprotectEvent()), at(connectEvent({ timeMs: T0_MS + 1 }))];
    const other = [at(mprotectEvent()), at(connectEvent({ timeMs: T0_MS + 2 }))];

    const ids = [pair, pair, other].map((events) => replay(events).alerts[0]?.event.id);

    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('puts an event whose input names no host on this machine', () => {
    const { alerts } = replay([at(mprotectEvent()), at(connectEvent())]);

    expect(alerts[0]?.host).toEqual(LOCAL_HOST);
  });

  it('names a host by its id when the input gives it no name', () => {
    const host = { id: 'far-away' };

    const { alerts } = replay([at(mprotectEvent(), host), at(connectEvent(), host)]);

    expect(alerts[0]?.host).toEqual({ id: 'far-away', name: 'far-away' });
  });
});

describe('replayEvents given the legs on two hosts', () => {
  it('does not join them, since the rule samples by host.id', () => {
    const events = [at(mprotectEvent(), { id: 'a' }), at(connectEvent(), { id: 'b' })];

    const { alerts, stats } = replay(events);

    expect(alerts).toEqual([]);
    expect(stats.hosts).toBe(2);
  });

  it('joins them when --host-id puts both on one host', () => {
    const events = [at(mprotectEvent(), { id: 'a' }), at(connectEvent(), { id: 'b' })];

    const { alerts } = replay(events, {}, 'one');

    expect(alerts.map((a) => a.host.id)).toEqual(['one']);
  });
});

describe('replayEvents over a long stretch of event time', () => {
  it('expires idle keys on event time as the live timer would', () => {
    const events = [
      at(mprotectEvent({ pid: 1 })),
      at(mprotectEvent({ pid: 2, timeMs: T0_MS + 30 * MINUTE_MS })),
    ];

    const { stats } = replay(events);

    expect(stats.correlator.keys).toBe(1);
  });
});

describe('replayEvents when the global cap refuses matches', () => {
  it('warns once at the end with how many were refused', () => {
    const events = [1, 2, 3].flatMap((pid) => [
      at(mprotectEvent({ pid })),
      at(connectEvent({ pid })),
    ]);

    const { alerts, lines } = replay(events, { maxAlertsPerInterval: 1 });

    expect(alerts).toHaveLength(1);
    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({ msg: 'alerts over the cap', overCap: 2 }),
    ]);
  });
});
