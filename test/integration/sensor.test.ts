// The real sensor on the real kernel: a trigger program in a private network
// namespace does the rule's two steps against a peer namespace, and the test
// reads the alert lines the sensor prints. Negative cases are followed by a
// positive control, so "no alert" is asserted after the sensor provably saw
// later events, not after an arbitrary sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from './support/commands.js';
import { LiveScenario, PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { SensorProcess } from './support/sensor-process.js';

const skip = announceSkip('sensor integration', kernelSkipReason());

describe.skipIf(skip)('rwxwatch run on the live kernel', () => {
  let live: LiveScenario;

  beforeAll(async () => {
    live = await LiveScenario.start();
  });

  afterAll(async () => {
    await live?.dispose();
  });

  it('raises one ECS alert for RWX memory followed by an IPv4 connection', async () => {
    const pid = await live.run(live.net.serverV4, String(PORT));

    const alert = await live.alertOf(pid);

    expect(live.sensor.alertsFor(pid)).toHaveLength(1);
    expect(alert.event.kind).toBe('alert');
    expect(alert.rule.id).toBe('32300431-c2d5-432d-8ec8-0e03f9924756');
    expect(alert.process).toMatchObject({ pid, name: 'trigger' });
    expect(alert.destination).toEqual({ ip: live.net.serverV4, port: PORT });
    expect(alert.network).toEqual({ transport: 'tcp', type: 'ipv4' });
    expect(alert.rwxwatch.mprotect.prot).toBe('7');
    expect(alert.rwxwatch.mprotect.length).toBe(4096);
    expect(alert.host.id).toBe(live.sensor.findLog('sensor ready')?.host.id);
  });

  it('raises an alert for an IPv6 destination', async () => {
    const pid = await live.run(live.net.serverV6, String(PORT));

    const alert = await live.alertOf(pid);

    expect(alert.destination).toEqual({ ip: live.net.serverV6, port: PORT });
    expect(alert.network.type).toBe('ipv6');
  });

  it('joins legs made by a worker thread under the process name', async () => {
    const pid = await live.run('--thread', live.net.serverV4, String(PORT));

    const alert = await live.alertOf(pid);

    expect(alert.process.name).toBe('trigger');
    expect(alert.process.thread.name).toBe('trigger-worker');
    expect(alert.process.thread.id).not.toBe(pid);
  });

  it('raises one alert when the process repeats both steps', async () => {
    const pid = await live.run('--repeat', '5', live.net.serverV4, String(PORT));

    await live.alertOf(pid);
    await live.settle();

    expect(live.sensor.alertsFor(pid)).toHaveLength(1);
  });

  it('raises nothing for RWX memory and a loopback connection', async () => {
    const pid = await live.run('127.0.0.1', String(PORT));

    await live.expectNoAlertFor(pid);
  });

  it('raises nothing for RWX memory without a connection', async () => {
    const pid = await live.run('--no-connect');

    await live.expectNoAlertFor(pid);
  });

  it('raises nothing for a connection without RWX memory', async () => {
    const pid = await live.run('--no-rwx', live.net.serverV4, String(PORT));

    await live.expectNoAlertFor(pid);
  });

  it('prints nothing but alerts on stdout', () => {
    expect(live.sensor.stdoutNoise).toEqual([]);
    expect(live.sensor.alerts.length).toBeGreaterThan(0);
  });
});

describe.skipIf(skip)('rwxwatch run shutdown', () => {
  it('exits 0 on SIGINT and leaves none of its programs attached', async () => {
    const sensor = await SensorProcess.start();
    const ids: number[] = sensor.findLog('sensor ready')?.programIds ?? [];

    const code = await sensor.stop('SIGINT');

    expect(ids.length).toBeGreaterThan(0);
    expect(code).toBe(0);
    await expect.poll(() => loadedProgramIds().filter((id) => ids.includes(id))).toEqual([]);
  });

  it('leaves nothing attached when killed with SIGKILL, as it pins nothing', async () => {
    const sensor = await SensorProcess.start();
    const ids: number[] = sensor.findLog('sensor ready')?.programIds ?? [];

    await sensor.stop('SIGKILL');

    expect(ids.length).toBeGreaterThan(0);
    await expect.poll(() => loadedProgramIds().filter((id) => ids.includes(id))).toEqual([]);
  });

  it('exits 0 on SIGTERM after logging that it detached', async () => {
    const sensor = await SensorProcess.start();

    const code = await sensor.stop('SIGTERM');

    expect(code).toBe(0);
    expect(sensor.findLog('sensor detached')).toBeDefined();
  });
});

/** Ids of every BPF program the kernel holds, from bpftool's own listing. */
function loadedProgramIds(): number[] {
  const programs = JSON.parse(sh('bpftool', ['prog', 'show', '--json'])) as { id: number }[];
  return programs.map((program) => program.id);
}
