// The kernel's work must not change a single alert. Two sensors watch the same
// triggers at once: one with destination filtering and batched wake-ups in the
// kernel (the defaults), one with both off so user space decides everything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_PORT, LiveScenario, PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { type Json, SensorProcess } from './support/sensor-process.js';

const skip = announceSkip('kernel filter differential', kernelSkipReason());
const USER_SPACE_ONLY = { kernel: { filterDestinations: false, wakeupBytes: 0 } };

/** What identifies an alert across the two sensors. */
function summary(alerts: Json[]): string[] {
  return alerts
    .map((a) => `${a.process.pid} ${a.process.name} ${a.destination.ip} ${a.destination.port}`)
    .sort();
}

describe.skipIf(skip)('alerts with the kernel filter on and off', () => {
  let live: LiveScenario;
  let plain: SensorProcess;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-differential-'));
    const config = join(dir, 'user-space-only.json');
    writeFileSync(config, JSON.stringify(USER_SPACE_ONLY));
    live = await LiveScenario.start();
    plain = await SensorProcess.start(['-c', config]);
  });

  afterAll(async () => {
    await plain?.stop('SIGKILL');
    await live?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises the same alerts for excluded and watched destinations alike', async () => {
    const targets = [
      [live.net.serverV4, String(PORT)],
      [live.net.serverV6, String(PORT)],
      ['::ffff:198.51.100.2', String(PORT)],
      [live.net.serverV4, String(CLOSED_PORT)],
      ['127.0.0.1', String(PORT)],
      ['::ffff:127.0.0.1', String(PORT)],
      ['::1', String(PORT)],
      ['0.0.0.0', String(PORT)],
    ];

    const pids: number[] = [];
    for (const target of targets) pids.push(await live.run(...target));
    const last = await live.run(live.net.serverV4, String(PORT));
    await live.alertOf(last);
    await plain.waitFor(() => plain.alertsFor(last).length > 0, 5_000, 'plain sensor');

    const ours = (sensor: SensorProcess): Json[] =>
      sensor.alerts.filter((a) => pids.includes(a.process?.pid));
    expect(summary(ours(live.sensor))).toEqual(summary(ours(plain)));
    expect(ours(live.sensor)).toHaveLength(4);
  });

  it('drops the excluded connections in the kernel only where the filter is on', () => {
    const counters = (sensor: SensorProcess): Json | undefined =>
      sensor.findLog('sensor ready')?.kernel;

    expect(counters(live.sensor)).toMatchObject({ filterDestinations: true });
    expect(counters(plain)).toMatchObject({ filterDestinations: false });
  });
});
