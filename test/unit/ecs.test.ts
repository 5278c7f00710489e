import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../src/alerts/ecs.js';
import type { Match } from '../../src/correlate/types.js';
import { RULE_ID, RULE_NAME, RULE_THREAT } from '../../src/rules/rwx-network.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

const CTX = { host: { id: 'host-1', name: 'web-01' }, nowMs: T0_MS + 60_000, id: 'alert-1' };

function matchOf(overrides: Partial<Match> = {}): Match {
  return {
    key: { hostId: 'host-1', pid: 4242, name: 'payload' },
    mprotect: mprotectEvent({ timeMs: T0_MS + 5000, tid: 4243, threadName: 'jit' }),
    connect: connectEvent({ timeMs: T0_MS + 2000, tid: 4250, threadName: 'net' }),
    mprotectCount: 3,
    connectCount: 2,
    foldedMatches: 1,
    ...overrides,
  };
}

function allKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) {
    return [];
  }

  return Object.entries(value).flatMap(([key, child]) => [key, ...allKeys(child)]);
}

describe('buildAlert for an IPv4 match', () => {
  it('fills the event, rule and kibana fields', () => {
    const alert = buildAlert(matchOf(), CTX);

    expect(alert['@timestamp']).toBe('2024-01-01T00:01:00.000Z');
    expect(alert.event).toEqual({
      kind: 'alert',
      category: ['malware', 'intrusion_detection', 'network', 'process'],
      type: ['info', 'connection'],
      module: 'rwxwatch',
      dataset: 'rwxwatch.alert',
      severity: 47,
      risk_score: 47,
      id: 'alert-1',
      start: '2024-01-01T00:00:02.000Z',
      end: '2024-01-01T00:00:05.000Z',
    });
    expect(alert.rule).toMatchObject({ id: RULE_ID, uuid: RULE_ID, name: RULE_NAME });
    expect(alert.rule.ruleset).toBe('rwxwatch');
    expect(alert.kibana).toEqual({ alert: { severity: 'medium', risk_score: 47 } });
  });

  it('fills the host, process, user and network fields', () => {
    const alert = buildAlert(matchOf(), CTX);

    expect(alert.host).toEqual({ id: 'host-1', name: 'web-01' });
    expect(alert.process).toEqual({
      pid: 4242,
      name: 'payload',
      thread: { id: 4243, name: 'jit' },
    });
    expect(alert.process).not.toHaveProperty('start');
    expect(alert.user).toEqual({ id: '1000' });
    expect(alert.source).toEqual({ ip: '10.0.0.5', port: 40000 });
    expect(alert.destination).toEqual({ ip: '198.51.100.1', port: 443 });
    expect(alert.network).toEqual({ transport: 'tcp', type: 'ipv4' });
  });

  it('fills the rwxwatch details with hex address and prot', () => {
    const alert = buildAlert(matchOf(), CTX);

    expect(alert.rwxwatch).toEqual({
      mprotect: {
        '@timestamp': '2024-01-01T00:00:05.000Z',
        address: '7f00deadb000',
        length: 4096,
        prot: '7',
        return_value: 0,
        syscall: 'mprotect',
        thread: { id: 4243, name: 'jit' },
      },
      connection: { '@timestamp': '2024-01-01T00:00:02.000Z', thread: { id: 4250, name: 'net' } },
      counts: { mprotect: 3, connection: 2, folded_matches: 1 },
    });
  });

  it('carries the MITRE mapping', () => {
    const alert = buildAlert(matchOf(), CTX);

    expect(alert.threat).toEqual(RULE_THREAT);
    expect(alert.threat.map((entry) => entry.tactic.id)).toEqual(['TA0002', 'TA0011']);
    expect(alert.threat[0]?.technique[0]?.subtechnique?.[0]?.id).toBe('T1059.004');
  });

  it('hands out a copy of the MITRE mapping that the caller may change', () => {
    const alert = buildAlert(matchOf(), CTX);

    alert.threat[0]?.technique.pop();

    expect(RULE_THREAT[0]?.technique).toHaveLength(1);
  });

  it('uses only nested objects, never dotted keys', () => {
    const keys = allKeys(buildAlert(matchOf(), CTX));

    expect(keys.filter((key) => key.includes('.'))).toEqual([]);
  });
});

describe('buildAlert for unusual mprotect values', () => {
  it('writes a length past 2^53 as a decimal string', () => {
    const mprotect = mprotectEvent({ len: 2n ** 60n, ret: -1 });

    const alert = buildAlert(matchOf({ mprotect }), CTX);

    expect(alert.rwxwatch.mprotect.length).toBe('1152921504606846976');
    expect(alert.rwxwatch.mprotect.return_value).toBe(-1);
  });

  it('keeps a length of exactly 2^53 - 1 a number', () => {
    const mprotect = mprotectEvent({ len: BigInt(Number.MAX_SAFE_INTEGER) });

    const alert = buildAlert(matchOf({ mprotect }), CTX);

    expect(alert.rwxwatch.mprotect.length).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('buildAlert for a connection recorded before its source port was chosen', () => {
  it('leaves source.port out when the port is 0', () => {
    const connect = connectEvent({ sourceIp: '10.0.0.5', sourcePort: 0 });

    const alert = buildAlert(matchOf({ connect }), CTX);

    expect(alert.source).toEqual({ ip: '10.0.0.5' });
    expect(JSON.stringify(alert)).not.toContain('"port":0');
  });

  it('keeps the destination port, which is always known', () => {
    const connect = connectEvent({ sourcePort: 0, destinationPort: 443 });

    const alert = buildAlert(matchOf({ connect }), CTX);

    expect(alert.destination).toEqual({ ip: '198.51.100.1', port: 443 });
  });
});

describe('buildAlert for IPv6 destinations', () => {
  it('reports a mapped destination as ipv4, as the rule judged it', () => {
    const connect = connectEvent({ family: 6, destinationIp: '::ffff:198.51.100.1' });

    const alert = buildAlert(matchOf({ connect }), CTX);

    expect(alert.network.type).toBe('ipv4');
    expect(alert.destination.ip).toBe('::ffff:198.51.100.1');
  });

  it('reports a native IPv6 destination as ipv6', () => {
    const connect = connectEvent({ family: 6, destinationIp: '2001:db8::1' });

    const alert = buildAlert(matchOf({ connect }), CTX);

    expect(alert.network.type).toBe('ipv6');
  });
});

describe('buildAlert for a destination that does not parse', () => {
  it('falls back to the family the socket reported', () => {
    const connect = connectEvent({ family: 6, destinationIp: 'garbage' });

    const alert = buildAlert(matchOf({ connect }), CTX);

    expect(alert.network.type).toBe('ipv6');
  });
});

describe('buildAlert given hostile process and thread names', () => {
  const hostile = 'x","rule":{"id":"0"}\n{"@timestamp":"';

  it('keeps the names as values in one line of valid JSON', () => {
    const match = matchOf({
      key: { hostId: 'host-1', pid: 1, name: hostile },
      mprotect: mprotectEvent({ name: hostile, threadName: `${hostile}\r\u0000` }),
    });

    const line = JSON.stringify(buildAlert(match, CTX));
    const parsed = JSON.parse(line);

    expect(line).not.toContain('\n');
    expect(parsed.process.name).toBe(hostile);
    expect(parsed.process.thread.name).toBe(`${hostile}\r\u0000`);
    expect(parsed.rule.id).toBe(RULE_ID);
    expect(allKeys(parsed)).not.toContain('x');
  });
});

describe('buildAlert for a connection whose source is unknown', () => {
  it('leaves source out entirely when sourceIp is empty, as replayed audit connects are', () => {
    const connect = connectEvent({ sourceIp: '', sourcePort: 0 });

    const alert = buildAlert(matchOf({ connect }), CTX);

    expect(alert).not.toHaveProperty('source');
    expect(JSON.parse(JSON.stringify(alert))).not.toHaveProperty('source');
  });
});

describe('buildAlert with kernel aggregation', () => {
  it('reports the kernel counts and which leg stands in, with the latest time', () => {
    const match = {
      ...matchOf(),
      kernelCounts: { mprotect: 40, connect: 2 },
      standIn: { leg: 'mprotect' as const, latestMs: Date.UTC(2024, 0, 1, 0, 5) },
    };

    const alert = buildAlert(match, CTX);

    expect(alert.rwxwatch.counts.kernel).toEqual({ mprotect: 40, connection: 2 });
    expect(alert.rwxwatch.aggregation).toEqual({
      stand_in: 'mprotect',
      latest_at: '2024-01-01T00:05:00.000Z',
    });
  });

  it('leaves both out when the kernel sent every event', () => {
    const alert = buildAlert(matchOf(), CTX);

    expect(alert.rwxwatch.counts).not.toHaveProperty('kernel');
    expect(alert.rwxwatch).not.toHaveProperty('aggregation');
  });
});

describe('buildAlert without enrichment, as in replay', () => {
  it('shows the executable the input named and the group id', () => {
    const match = matchOf({ mprotect: mprotectEvent({ executable: '/tmp/x', gid: 27 }) });

    const alert = buildAlert(match, CTX);

    expect(alert.process.executable).toBe('/tmp/x');
    expect(alert.group).toEqual({ id: '27' });
  });

  it('claims no executable when the input named none', () => {
    const alert = buildAlert(matchOf(), CTX);

    expect(alert.process).not.toHaveProperty('executable');
  });
});
