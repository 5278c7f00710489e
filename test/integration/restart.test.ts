// A restart within the look-back does not forget half a pair: the sensor saves its
// correlation state when it stops and restores it when it starts again, so a process
// that made memory RWX before the restart and connects after it still gives its alert.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { SensorProcess } from './support/sensor-process.js';
import { TestNet } from './support/test-net.js';
import { Trigger } from './support/trigger.js';

const skip = announceSkip('restart within the look-back', kernelSkipReason());
// Long enough for one sensor to stop and the next to start between the two legs.
const PAUSE_MS = 8_000;

describe.skipIf(skip)('rwxwatch restarted between the two legs of a pair', () => {
  let dir: string;
  let config: string;
  let stateFile: string;
  let net: TestNet;
  let trigger: Trigger;
  const sensors: SensorProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-restart-'));
    stateFile = join(dir, 'state.json');
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ state: { file: stateFile } }));
    net = TestNet.create();
    trigger = Trigger.build();
    await net.listen(PORT);
  });

  afterAll(async () => {
    for (const sensor of sensors) await sensor.stop('SIGKILL');
    net?.dispose();
    trigger?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startSensor(): Promise<SensorProcess> {
    const sensor = await SensorProcess.start(['-c', config, '--log-level', 'trace']);
    sensors.push(sensor);
    return sensor;
  }

  it('alerts after the restart for an mprotect seen before it', async () => {
    const first = await startSensor();
    const [command, argv] = net.inClient(trigger.path, [
      '--pause-ms',
      String(PAUSE_MS),
      net.serverV4,
      String(PORT),
    ]);
    const { pid, done } = trigger.start(command, argv);
    const sawMprotect = () =>
      first.logs.some((l) => l.msg === 'event decoded' && l.event?.pid === pid);
    await first.waitFor(sawMprotect, 5_000, `mprotect of ${pid}`);

    expect(await first.stop('SIGTERM')).toBe(0);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.state.keys.map((key: { key: { pid: number } }) => key.key.pid)).toContain(pid);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    const second = await startSensor();
    expect(second.findLog('saved state restored')?.keys).toBeGreaterThanOrEqual(1);
    await done;
    await second.waitFor(() => second.alertsFor(pid).length > 0, 5_000, `alert for ${pid}`);

    const [alert] = second.alertsFor(pid);
    const readyAt: number = second.findLog('sensor ready')?.time;
    expect(Date.parse(alert.rwxwatch.mprotect['@timestamp'])).toBeLessThan(readyAt);
    expect(alert.destination).toEqual({ ip: net.serverV4, port: PORT });
    expect(first.alertsFor(pid)).toEqual([]);
  }, 40_000);
});
