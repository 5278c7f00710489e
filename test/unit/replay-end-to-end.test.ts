import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linesAt } from './support/log.js';
import { FIXTURES, LOCAL_HOST, replayFiles } from './support/replay.js';

const AUDIT = `${FIXTURES}audit.log`;
const ECS = `${FIXTURES}ecs-export.ndjson`;
const RECORDING = `${FIXTURES}sensor-recording.ndjson`;
const ALL = [RECORDING, ECS, AUDIT];
const ECS_HOST = { id: '8f2c1a3e5b7d4c6e9a0b1c2d3e4f5a6b', name: 'ecs-web-01' };
const SENSOR_HOST = { id: '5e1f0c2b9a8d4e7f8c6b5a4d3e2f1a0b', name: 'sensor-vm' };
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function ndjson(alerts: unknown[]): string {
  return alerts.map((alert) => `${JSON.stringify(alert)}\n`).join('');
}

describe('replay of the three fixtures together, parity profile', () => {
  it('raises exactly one alert per fixture, oldest first whatever the file order', async () => {
    const { alerts } = await replayFiles(ALL);

    expect(alerts.map((a) => [a['@timestamp'], a.host, a.process.pid, a.process.name])).toEqual([
      ['2024-12-03T16:05:52.531Z', LOCAL_HOST, 5371, 'trigger'],
      ['2024-12-03T16:06:10.300Z', ECS_HOST, 7001, 'loader'],
      ['2024-12-03T16:07:32.531Z', SENSOR_HOST, 5371, 'trigger'],
    ]);
  });

  it('fills the audit alert from the SYSCALL and SOCKADDR records, with no source', async () => {
    const { alerts } = await replayFiles([AUDIT]);

    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.destination).toEqual({ ip: '198.51.100.2', port: 8080 });
    expect(alert?.network).toEqual({ transport: 'tcp', type: 'ipv4' });
    expect(alert).not.toHaveProperty('source');
    expect(alert?.user).toEqual({ id: '0' });
    expect(alert?.rwxwatch.mprotect).toEqual({
      '@timestamp': '2024-12-03T16:05:52.530Z',
      address: '7f1907de1000',
      length: 4096,
      prot: '7',
      return_value: 0,
      syscall: 'mprotect',
      thread: { id: 5371, name: 'trigger' },
    });
    expect(alert?.event.start).toBe('2024-12-03T16:05:52.530Z');
    expect(alert?.event.end).toBe('2024-12-03T16:05:52.531Z');
  });

  it('fills the ECS alert from the auditd mprotect and the Defend connection', async () => {
    const { alerts } = await replayFiles([ECS]);

    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.source).toEqual({ ip: '10.1.2.3', port: 51234 });
    expect(alert?.destination).toEqual({ ip: '203.0.113.7', port: 443 });
    expect(alert?.rwxwatch.mprotect).toMatchObject({ address: '7f44d2a00000', length: 8192 });
    expect(alert?.rwxwatch.connection.thread).toEqual({ id: 7003, name: 'loader' });
  });

  it('fills the recording alert as the live sensor would have', async () => {
    const { alerts } = await replayFiles([RECORDING]);

    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.process).toEqual({
      pid: 5371,
      name: 'trigger',
      thread: { id: 5372, name: 'trigger-worker' },
    });
    expect(alert?.source).toEqual({ ip: '198.51.100.1', port: 40512 });
    expect(alert?.rwxwatch.counts).toEqual({ mprotect: 1, connection: 1, folded_matches: 0 });
  });

  it('prints byte-identical NDJSON when run twice, with UUIDv5 ids', async () => {
    const first = await replayFiles(ALL);
    const second = await replayFiles([...ALL].reverse());

    expect(ndjson(second.alerts)).toBe(ndjson(first.alerts));
    expect(first.alerts.map((a) => a.event.id)).toEqual([
      expect.stringMatching(UUID_V5),
      expect.stringMatching(UUID_V5),
      expect.stringMatching(UUID_V5),
    ]);
    expect(new Set(first.alerts.map((a) => a.event.id)).size).toBe(3);
  });

  it('reports every malformed line of the fixtures with its file and line', async () => {
    const { lines, input } = await replayFiles(ALL);

    const malformed = linesAt(lines, 'warn').filter((l) => l.msg === 'malformed line');
    expect(malformed.map((l) => [l.file, l.line])).toEqual([
      [RECORDING, 6],
      [RECORDING, 7],
      [RECORDING, 8],
      [ECS, 7],
      [ECS, 8],
      [ECS, 9],
      [AUDIT, 38],
      [AUDIT, 39],
    ]);
    expect(input.files.map((f) => [f.format, f.events, f.skipped, f.malformed])).toEqual([
      ['sensor', 6, 0, 3],
      ['ecs', 5, 1, 3],
      ['audit', 9, 2, 2],
    ]);
  });

  it('logs each alert id at info and a summary with the correlator counters', async () => {
    const { alerts, lines, stats } = await replayFiles(ALL);

    const infos = linesAt(lines, 'info');
    const raised = infos.filter((l) => l.msg === 'alert raised').map((l) => l.alertId);
    expect(raised).toEqual(alerts.map((a) => a.event.id));
    const summary = { msg: 'replay finished', events: 20, alerts: 3, hosts: 3 };
    expect(infos.at(-1)).toMatchObject(summary);
    expect(stats.correlator).toMatchObject({ alerts: 3, ignored: 8, stale: 0 });
  });
});

describe('replay of the fixtures with the hardened profile', () => {
  it('also alerts on the recorded connected UDP socket', async () => {
    const { alerts } = await replayFiles(ALL, { overrides: { profile: 'hardened' } });

    expect(alerts.map((a) => [a.process.name, a.network.transport])).toEqual([
      ['trigger', 'tcp'],
      ['loader', 'tcp'],
      ['trigger', 'tcp'],
      ['jitter', 'udp'],
    ]);
  });
});

describe('replay with --host-id', () => {
  it('puts every event on that host, so one pid and name joins across files', async () => {
    const { alerts, stats } = await replayFiles(ALL, { hostId: 'one-host' });

    expect(alerts.map((a) => [a.host.id, a.process.name])).toEqual([
      ['one-host', 'trigger'],
      ['one-host', 'loader'],
    ]);
    expect(stats.hosts).toBe(1);
    expect(stats.correlator.suppressed).toBeGreaterThan(0);
  });
});

describe('replay of an audit mprotect and an ECS connection of one process', () => {
  it('joins the two files into one alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rwxwatch-e2e-'));
    const audit = join(dir, 'audit.log');
    const ecs = join(dir, 'net.ndjson');
    writeFileSync(
      audit,
      'type=SYSCALL msg=audit(1733241952.530:7): arch=c000003e syscall=10 success=yes exit=0 ' +
        'a0=7f0000000000 a1=1000 a2=7 a3=0 pid=4242 uid=0 gid=0 comm="payload" exe="/tmp/p"\n',
    );
    const connection = {
      '@timestamp': '2024-12-03T16:05:53.000Z',
      'event.action': 'connection_attempted',
      'process.pid': 4242,
      'process.name': 'payload',
      'destination.ip': '2001:db8::7',
      'destination.port': 443,
    };
    writeFileSync(ecs, `${JSON.stringify(connection)}\n`);

    const { alerts } = await replayFiles([ecs, audit]);
    rmSync(dir, { recursive: true, force: true });

    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.host).toEqual(LOCAL_HOST);
    expect(alerts[0]?.destination).toEqual({ ip: '2001:db8::7', port: 443 });
    expect(alerts[0]?.network.type).toBe('ipv6');
  });
});
