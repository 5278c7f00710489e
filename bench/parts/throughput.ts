// Part 4: the user-space ceiling. Processes make qualifying mprotect calls at rising
// rates; the sensor's debug log says what the kernel emitted and dropped (its
// `counters` line every statsIntervalMs) and what user space decoded (`batch decoded`).
// The kernel folds a process's repeated events (per-process aggregation), so the
// ceiling is measured with aggregation off; one last step shows the default at work.
import { type BenchEnv, sleep } from '../env/bench-env.js';
import { BenchSensor } from '../env/sensor.js';
import type { BenchOptions, FloodStep } from '../options.js';
import { runToEnd } from '../programs.js';
import { progress } from '../progress.js';
import type { ThroughputResults, ThroughputStep } from '../results.js';
import { CounterLog, type CounterSnapshot } from './counter-log.js';

/** Stats ticks to wait for, so that a snapshot is taken after the step's last record. */
const TICKS_TO_DRAIN = 3;
const FLOOD_GRACE_MS = 15_000;
const COUNTERS_WAIT_MS = 30_000;
const COUNTERS_POLL_MS = 50;

type Aggregation = ThroughputStep['aggregation'];

export async function measureThroughput(
  options: BenchOptions,
  env: BenchEnv,
): Promise<ThroughputResults> {
  const flatOut = options.floodSteps[options.floodSteps.length - 1];
  const off = await series('off', options.floodSteps, options, env);
  const onDefault = await series('default', flatOut ? [flatOut] : [], options, env);

  return {
    statsIntervalMs: options.statsIntervalMs,
    steps: [...off.steps, ...onDefault.steps],
    peakRssKb: Math.max(off.peakRssKb, onDefault.peakRssKb),
  };
}

/** One sensor, configured for `aggregation`, through the given steps. */
async function series(
  aggregation: Aggregation,
  floods: FloodStep[],
  options: BenchOptions,
  env: BenchEnv,
): Promise<{ steps: ThroughputStep[]; peakRssKb: number }> {
  const log = new CounterLog();
  const kernel = aggregation === 'off' ? { kernel: { aggregationRefreshMs: 0 } } : {};
  const config = { statsIntervalMs: options.statsIntervalMs, ...kernel };
  const onLog = (line: string): void => log.read(line);
  const sensor = await BenchSensor.start({ logLevel: 'debug', config, onLog }, env);
  const steps: ThroughputStep[] = [];

  try {
    sensor.resetPeakRss();
    for (const flood of floods) {
      const rate = flood.rate === 0 ? 'flat out' : `${flood.rate}/s`;
      progress(
        `throughput: ${rate} over ${flood.processes} process(es), aggregation ${aggregation}`,
      );
      await step(flood, aggregation, { options, env, sensor, log }).then(
        (done) => steps.push(done),
        (error: Error) => env.errors.push(`throughput ${rate}: ${error.message}`),
      );
    }
    return { steps, peakRssKb: sensor.peakRssKb() };
  } finally {
    await sensor.stop();
  }
}

interface StepContext {
  options: BenchOptions;
  env: BenchEnv;
  sensor: BenchSensor;
  log: CounterLog;
}

async function step(
  flood: FloodStep,
  aggregation: Aggregation,
  ctx: StepContext,
): Promise<ThroughputStep> {
  const drainMs = ctx.options.statsIntervalMs * TICKS_TO_DRAIN;
  await sleep(drainMs);
  const before = await snapshotSince(ctx.log, Date.now());
  const cpuBefore = ctx.sensor.cpuMs();
  const startMs = Date.now();

  const offered = await runFlood(flood, ctx);
  const endMs = Date.now();

  // A busy sensor logs its counters late; only a line from after the drain time counts.
  const after = await snapshotSince(ctx.log, endMs + drainMs);
  const cpuMs = ctx.sensor.cpuMs() - cpuBefore;
  return summarise({ ...flood, aggregation }, offered, before, after, {
    decoded: ctx.log.decodedBetween(startMs, endMs),
    windowS: (endMs - startMs) / 1000,
    cpuPct: (100 * cpuMs) / (Date.now() - startMs),
  });
}

async function snapshotSince(log: CounterLog, sinceMs: number): Promise<CounterSnapshot> {
  const deadline = Date.now() + COUNTERS_WAIT_MS;
  while (log.latest().timeMs < sinceMs) {
    if (Date.now() > deadline) throw new Error(`no counters line within ${COUNTERS_WAIT_MS} ms`);
    await sleep(COUNTERS_POLL_MS);
  }
  return log.latest();
}

/** Runs the step's flood processes side by side; the rate is split evenly between them. */
async function runFlood(
  flood: FloodStep,
  ctx: StepContext,
): Promise<{ made: number; elapsedS: number }> {
  const program = ctx.env.programs.path('rwx-flood');
  const args = [String(Math.round(flood.rate / flood.processes)), String(ctx.options.floodMs)];
  const timeoutMs = ctx.options.floodMs + FLOOD_GRACE_MS;
  const runs = Array.from({ length: flood.processes }, () => runToEnd(program, args, timeoutMs));

  const outputs = (await Promise.all(runs)).map(({ stdout }) => stdout.trim().split(' '));
  const made = outputs.reduce((sum, [calls]) => sum + Number(calls), 0);
  const elapsedNs = Math.max(...outputs.map(([, ns]) => Number(ns)));
  return { made, elapsedS: elapsedNs / 1e9 };
}

function summarise(
  flood: FloodStep & { aggregation: Aggregation },
  offered: { made: number; elapsedS: number },
  before: CounterSnapshot,
  after: CounterSnapshot,
  sensor: { decoded: number; windowS: number; cpuPct: number },
): ThroughputStep {
  return {
    targetRate: flood.rate,
    processes: flood.processes,
    aggregation: flood.aggregation,
    offeredPerS: offered.made / offered.elapsedS,
    emittedPerS: (after.mprotectEmitted - before.mprotectEmitted) / offered.elapsedS,
    aggregatedPerS: (after.mprotectAggregated - before.mprotectAggregated) / offered.elapsedS,
    decodedPerS: sensor.decoded / sensor.windowS,
    ringbufFull: after.ringbufFull - before.ringbufFull,
    sensorCpuPct: sensor.cpuPct,
  };
}
