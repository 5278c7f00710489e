// Part 6: memory as the number of processes the sensor holds state for grows. Two
// measurements, labelled apart in the report: the live sensor after N short processes
// (each RWX + connect), extrapolated linearly to 100,000 when N is smaller (the quick
// run); and the correlator alone fed 100,000 synthetic processes in a process of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchEnv, sleep } from '../env/bench-env.js';
import { SINK_PORT } from '../env/net.js';
import { BenchSensor, type Json } from '../env/sensor.js';
import type { BenchOptions } from '../options.js';
import { runToEnd } from '../programs.js';
import { progress } from '../progress.js';
import type { LiveMemory, MemoryResults, SyntheticMemory } from '../results.js';

const TARGET_PROCESSES = 100_000;
const PID_MAX = '/proc/sys/kernel/pid_max';
/** The kernel's ceiling for pid_max on 64-bit machines. */
const PID_MAX_LIMIT = 4_194_304;
const SPAWN_TIMEOUT_MS = 300_000;
const SYNTHETIC_TIMEOUT_MS = 120_000;
/** Below this much sensor CPU per poll, the sensor has caught up with the processes. */
const IDLE_CPU_MS = 20;
const IDLE_POLL_MS = 500;
const IDLE_MAX_MS = 30_000;
const SYNTHETIC_SCRIPT = fileURLToPath(new URL('./synthetic-memory.js', import.meta.url));

export async function measureMemory(options: BenchOptions, env: BenchEnv): Promise<MemoryResults> {
  const results: MemoryResults = {};

  try {
    results.live = await liveSensor(options.liveProcesses, env);
  } catch (error) {
    env.errors.push(`memory, live sensor: ${(error as Error).message}`);
  }
  try {
    results.synthetic = await synthetic(options.syntheticProcesses);
  } catch (error) {
    env.errors.push(`memory, synthetic: ${(error as Error).message}`);
  }
  return results;
}

async function liveSensor(processes: number, env: BenchEnv): Promise<LiveMemory> {
  let detached: Json | undefined;
  const onLog = (line: string): void => {
    if (line.includes('"msg":"sensor detached"')) detached = JSON.parse(line) as Json;
  };
  // Defaults (the alert cap included), except that the process bounds are raised past
  // 100,000 so that every process is held: the cost of tracking that many, not of the
  // default bounds (65,536) evicting some.
  const config = { maxTrackedProcesses: 131_072, kernel: { processEntries: 131_072 } };
  const sensor = await BenchSensor.start({ logLevel: 'info', config, onLog }, env);

  progress(`memory: ${processes} short processes`);
  const spawned = await spawnMany(processes, sensor, env);
  await sensor.stop();

  const keys = Number(detached?.correlator?.keys ?? Number.NaN);
  const perKeyKb = (spawned.rssAfterKb - spawned.rssBeforeKb) / keys;
  const extrapolated100kKb = spawned.rssBeforeKb + perKeyKb * TARGET_PROCESSES;
  return { processes, keys, ...spawned, extrapolated100kKb };
}

interface Spawned {
  rssBeforeKb: number;
  rssAfterKb: number;
  peakRssKb: number;
  processesPerS: number;
  sensorCpuMs: number;
}

// Processes are told apart by pid and name (the parity profile), and a default pid_max of
// 32,768 would make 100,000 short processes reuse pids and fold into a third as many keys.
// Raised for the measurement, and put back by the bench's cleanup.
function roomForPids(processes: number, env: BenchEnv): () => void {
  const found = readFileSync(PID_MAX, 'utf8').trim();
  if (Number(found) >= processes * 2) return () => {};

  writeFileSync(PID_MAX, String(PID_MAX_LIMIT));
  return env.cleanup.add(`pid_max back to ${found}`, () => writeFileSync(PID_MAX, found));
}

async function spawnMany(processes: number, sensor: BenchSensor, env: BenchEnv): Promise<Spawned> {
  const restorePidMax = roomForPids(processes, env);
  try {
    return await spawnAndMeasure(processes, sensor, env);
  } finally {
    restorePidMax();
  }
}

async function spawnAndMeasure(
  processes: number,
  sensor: BenchSensor,
  env: BenchEnv,
): Promise<Spawned> {
  await untilIdle(sensor);
  sensor.resetPeakRss();
  const [rssBeforeKb, cpuBefore] = [sensor.rssKb(), sensor.cpuMs()];

  const program = env.programs.path('spawn-tracked');
  const peer = [env.net.serverV4, String(SINK_PORT)];
  const [command, args] = env.net.inClient(program, [String(processes), ...peer]);
  const { stdout } = await runToEnd(command, args, SPAWN_TIMEOUT_MS);
  const elapsedNs = Number(stdout.trim().split(' ')[0]);

  await untilIdle(sensor);
  return {
    rssBeforeKb,
    rssAfterKb: sensor.rssKb(),
    peakRssKb: sensor.peakRssKb(),
    processesPerS: processes / (elapsedNs / 1e9),
    sensorCpuMs: sensor.cpuMs() - cpuBefore,
  };
}

// The sensor may still be decoding when the last process has exited.
async function untilIdle(sensor: BenchSensor): Promise<void> {
  const deadline = Date.now() + IDLE_MAX_MS;
  let last = sensor.cpuMs();

  while (Date.now() < deadline) {
    await sleep(IDLE_POLL_MS);
    const now = sensor.cpuMs();
    if (now - last < IDLE_CPU_MS) return;
    last = now;
  }
}

async function synthetic(processes: number): Promise<SyntheticMemory> {
  progress(`memory: ${processes} synthetic processes into the correlator`);
  const args = ['--expose-gc', SYNTHETIC_SCRIPT, String(processes)];

  const { stdout } = await runToEnd(process.execPath, args, SYNTHETIC_TIMEOUT_MS);
  return JSON.parse(stdout) as SyntheticMemory;
}
