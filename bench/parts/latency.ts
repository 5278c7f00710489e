// Part 3: how long after the connect() that completes the pattern the alert line is
// on the sensor's stdout. Triggers run one at a time, so no alert waits behind another.
import { type BenchEnv, sleep } from '../env/bench-env.js';
import { SINK_PORT } from '../env/net.js';
import { BenchSensor, type Json } from '../env/sensor.js';
import type { BenchOptions } from '../options.js';
import { runToEnd } from '../programs.js';
import { progress } from '../progress.js';
import type { LatencyResults } from '../results.js';

const ALERT_TIMEOUT_MS = 5_000;
const TRIGGER_TIMEOUT_MS = 5_000;
/** The whole part stops after this, however many samples remain. */
const PART_BUDGET_MS = 180_000;
const SETTLE_MS = 300;

export async function measureLatency(
  options: BenchOptions,
  env: BenchEnv,
): Promise<LatencyResults> {
  const config = { maxAlertsPerInterval: 1_000_000 };
  const sensor = await BenchSensor.start({ logLevel: 'warn', config }, env);
  const results: LatencyResults = {
    samples: options.latencySamples,
    missed: 0,
    endToEndMs: [],
    inSensorMs: [],
    sensor: { cpuMs: 0, wallMs: 0, peakRssKb: 0 },
  };

  try {
    progress(`latency: ${options.latencySamples} triggers`);
    await sample(sensor, options.latencySamples, env, results);
  } finally {
    await sensor.stop();
  }
  return results;
}

async function sample(
  sensor: BenchSensor,
  count: number,
  env: BenchEnv,
  results: LatencyResults,
): Promise<void> {
  const [command, args] = env.net.inClient(env.programs.path('alert-trigger'), [
    env.net.serverV4,
    String(SINK_PORT),
  ]);
  const deadline = Date.now() + PART_BUDGET_MS;
  sensor.resetPeakRss();
  const cpuBefore = sensor.cpuMs();
  const startMs = Date.now();

  for (let i = 0; i < count && Date.now() < deadline; i++) {
    const { stdout } = await runToEnd(command, args, TRIGGER_TIMEOUT_MS);
    const [pid, connectedNs] = stdout.trim().split(' ');
    if (connectedNs === undefined) throw new Error(`alert-trigger printed "${stdout}"`);
    try {
      const { alert, readNs } = await sensor.alertFor(Number(pid), ALERT_TIMEOUT_MS);
      results.endToEndMs.push(Number(readNs - BigInt(connectedNs)) / 1e6);
      results.inSensorMs.push(inSensorMs(alert));
    } catch {
      results.missed += 1;
    }
  }

  await sleep(SETTLE_MS);
  const [cpuMs, wallMs] = [sensor.cpuMs() - cpuBefore, Date.now() - startMs];
  results.sensor = { cpuMs, wallMs, peakRssKb: sensor.peakRssKb() };
}

// Both timestamps are the sensor's own, ISO strings with millisecond precision.
function inSensorMs(alert: Json): number {
  const connection = alert.rwxwatch?.connection?.['@timestamp'] as string | undefined;
  if (connection === undefined) return Number.NaN;
  return Date.parse(alert['@timestamp'] as string) - Date.parse(connection);
}
