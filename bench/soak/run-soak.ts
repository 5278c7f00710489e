// One soak: start the sensor, run the mixed load while sampling, let the sensor catch
// up, take the final counters, stop the sensor, judge. Setup and cleanup are soak.ts's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from '../env/bench-env.js';
import { sleep } from '../env/bench-env.js';
import { machineFacts } from '../machine.js';
import { progress } from '../progress.js';
import { AlertTally } from './alert-tally.js';
import { MixedLoad } from './load.js';
import { kernelDropped, type MetricsSummary, summariseMetrics } from './metrics-summary.js';
import type { SoakOptions } from './options.js';
import type { SoakResults } from './results.js';
import { Sampler } from './sampler.js';
import { SoakSensor } from './sensor.js';
import { growthCheck, lossCheck, verdict } from './verdict.js';

/**
 * Far above what the load can raise in one interval (the default is 100 per 5 minutes),
 * so every expected alert is written and alerts can be counted one to one. Alerts from
 * other work on the host share the cap; rwxwatch_alerts_over_cap_total is still reported.
 */
const MAX_ALERTS_PER_INTERVAL = 1_000_000;
/**
 * The rule's windows, shortened: the correlator keeps a process's state for the look-back
 * plus the aggregation refresh, and at least one interval after its alert (9 and 5 minutes
 * by default). With the defaults the state legitimately grows for the first ten minutes;
 * with these it settles in about 25 s (look-back, refresh and one stats tick, which runs
 * the expiry), inside the warm-up (WARMUP_MIN_MS), so growth after the warm-up is a leak
 * and not the windows filling.
 */
const WINDOW_MS = 10_000;
const DRAIN_TIMEOUT_MS = 20_000;
const DRAIN_POLL_MS = 250;

export const SENSOR_CONFIG = {
  lookbackMs: WINDOW_MS,
  intervalMs: WINDOW_MS,
  maxAlertsPerInterval: MAX_ALERTS_PER_INTERVAL,
  statsIntervalMs: WINDOW_MS / 2,
  kernel: { aggregationRefreshMs: WINDOW_MS },
  metrics: { enabled: true, host: '127.0.0.1', port: 0 },
};

export async function runSoak(options: SoakOptions, env: BenchEnv): Promise<SoakResults> {
  const machine = machineFacts();
  const configFile = join(env.programs.dir, 'soak-sensor.json');
  writeFileSync(configFile, JSON.stringify(SENSOR_CONFIG));

  progress('starting the sensor');
  const tally = new AlertTally();
  const sensor = await SoakSensor.start(configFile, tally, env);
  const stop = new AbortController();
  sensor.exited.then(() => stop.abort());

  const load = new MixedLoad(env, tally, options.spawnPerS);
  const sampler = new Sampler(sensor, options.sampleMs);
  const startMs = Date.now();
  const cpuBeforeMs = sensor.cpuMs();

  progress(`mixed load for ${options.minutes} minute(s)`);
  sampler.start(startMs);
  await load.run(startMs + options.minutes * 60_000, stop.signal);
  await sampler.stop();
  const loadMs = Date.now() - startMs;
  const sensorCpuMs = sensor.cpuMs() - cpuBeforeMs;

  progress('load done, waiting for the sensor to catch up');
  const drainStartMs = Date.now();
  const final = await drain(sensor, tally, load.expectedAlerts());
  const drainMs = Date.now() - drainStartMs;
  const peakRssKb = sensor.statusKb('VmHWM');
  const sensorExit = await sensor.stop();

  const rss = growthCheck(
    sampler.samples.map((s) => ({ atMs: s.atMs, value: s.rssKb })),
    loadMs,
  );
  const heap = growthCheck(
    sampler.samples.map((s) => ({ atMs: s.atMs, value: s.heapUsedBytes })),
    loadMs,
  );
  const loss = lossCheck({
    expectedAlerts: load.expectedAlerts(),
    raisedAlerts: tally.counts.expected,
    overCap: final.overCap,
    kernelDropped: kernelDropped(final.hooks),
    emitted: final.transport.emitted,
    handed: final.transport.handed,
    lost: final.transport.lost,
  });
  const accuracy = {
    duplicates: tally.counts.duplicate,
    falsePositives: tally.counts.falsePositive,
  };

  return {
    machine,
    options,
    sensorConfig: SENSOR_CONFIG,
    loadMs,
    drainMs,
    load: load.counts,
    loadErrors: load.errors,
    expectedAlerts: load.expectedAlerts(),
    alerts: { ...tally.counts },
    final,
    samples: sampler.samples,
    rss,
    heap,
    peakRssKb,
    sensorCpuMs,
    warningCount: sensor.warningCount,
    warningsBeforeStop: sensor.warningsBeforeStop ?? sensor.warningCount,
    warnings: sensor.warnings,
    sensorExit,
    loss,
    verdict: verdict(rss, loss, accuracy, sensorExit),
  };
}

/**
 * Scrapes until every expected alert is in and the transport balances (every record the
 * kernel emitted was handed to JS or counted lost), or until the timeout. Other work on
 * the host may keep records in flight at any one scrape, so on timeout the scrape with
 * the smallest gap is returned: records that truly vanished leave a gap in every one.
 */
async function drain(
  sensor: SoakSensor,
  tally: AlertTally,
  expectedAlerts: number,
): Promise<MetricsSummary> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let best: MetricsSummary | undefined;

  for (;;) {
    sensor.livePid();
    const summary = summariseMetrics(await sensor.metrics());
    if (best === undefined || gap(summary) <= gap(best)) best = summary;

    const alertsIn = tally.counts.expected >= expectedAlerts;
    if ((alertsIn && gap(best) === 0) || Date.now() > deadline) return best;
    await sleep(DRAIN_POLL_MS);
  }
}

function gap({ transport }: MetricsSummary): number {
  return transport.emitted - transport.handed - transport.lost;
}
