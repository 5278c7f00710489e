import { loadConfig } from '../config/load.js';
import { Enricher } from '../enrich/enricher.js';
import { RwxwatchError } from '../errors.js';
import type { SensorEvent } from '../events/types.js';
import { HOST_NAME_ENV, readHostContext } from '../host/host-info.js';
import { createLogger, type Logger } from '../log/logger.js';
import { summariseOnTerminal } from '../log/summary-sink.js';
import { Metrics } from '../metrics/metrics.js';
import { loadAddon } from '../native/load.js';
import { Recorder } from '../replay/recorder.js';
import { dropCapabilities } from '../sensor/capabilities.js';
import { Sensor } from '../sensor/sensor.js';
import { openSinks } from '../sinks/from-config.js';
import { parseRunArgs, RUN_USAGE } from './args.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** `rwxwatch run`: resolves with the exit code once the sensor has stopped. */
export async function run(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  if (args.help) {
    process.stdout.write(RUN_USAGE);
    return EXIT.ok;
  }

  const config = loadConfig(args.configFile, args.overrides);
  const log = createLogger(config.logLevel);
  try {
    return await runSensor(config, log, args.recordFile);
  } catch (error) {
    log.fatal(describeFailure(error), 'sensor cannot start');
    return exitCodeFor(error);
  }
}

async function runSensor(
  config: ReturnType<typeof loadConfig>,
  log: Logger,
  recordFile: string | undefined,
): Promise<number> {
  // Listen before attaching so a signal that arrives during start-up still
  // stops the sensor cleanly once it is up.
  const stopSignal = firstSignal();
  const parts = await openParts(config, log, recordFile);
  const { host, enricher, metrics } = parts;
  const { sensor, addon } = await attach(config, parts, log);
  metrics?.watch({ ...sensor.view(), enricher, pollIntervalMs: config.kernel.pollIntervalMs });

  log.info(
    {
      host: { id: host.id, name: host.name, idSource: host.idSource },
      programIds: sensor.attachedProgramIds(),
      addon,
      profile: config.profile,
      kernel: config.kernel,
    },
    'sensor ready',
  );
  const signal = await stopSignal;

  log.info({ signal }, 'stopping');
  sensor.close();
  await closeParts(parts, log);
  return EXIT.ok;
}

type Parts = Awaited<ReturnType<typeof openParts>>;

/** Loads the addon, attaches and drops capabilities; on failure closes what it opened. */
async function attach(config: ReturnType<typeof loadConfig>, parts: Parts, log: Logger) {
  const { host, enricher, sink, recorder, metrics } = parts;
  let sensor: Sensor | undefined;
  try {
    const onEvent = recorder && ((event: SensorEvent) => recorder.record(event));
    const onAlert = metrics?.onAlert;
    const { binding, path } = loadAddon();
    sensor = Sensor.open({ binding, config, host, sink, log, onEvent, enricher, onAlert });
    const capsLog = log.child({ component: 'capabilities' });
    if (config.dropCapabilities) dropCapabilities(config, { binding, log: capsLog });
    return { sensor, addon: path };
  } catch (error) {
    // Attached hooks, sinks and the listener would otherwise outlive a failed start.
    sensor?.close();
    await closeParts(parts, log);
    throw error;
  }
}

/** Everything around the sensor: host facts, enrichment, sinks, recording, metrics. */
async function openParts(
  config: ReturnType<typeof loadConfig>,
  log: Logger,
  recordFile: string | undefined,
) {
  const { procRoot, hostRoot } = config;
  const host = readHostContext({ procRoot, hostRoot, hostName: process.env[HOST_NAME_ENV] });
  const enricher = new Enricher({ procRoot, hostRoot, cacheSize: config.processCacheEntries });
  // What opened before a failure is closed again: a sink's timers or the listener would
  // otherwise keep the process alive after it reported the failure.
  const opened: { close(): Promise<void> }[] = [];
  try {
    const metrics = await Metrics.start(config.metrics, log.child({ component: 'metrics' }));
    if (metrics) opened.push(metrics);
    const sinks = await openSinks(config.sinks, log.child({ component: 'sinks' }));
    const sink = summariseOnTerminal(sinks);
    opened.push(sink);
    metrics?.watchSinks(() => sinks.counters());
    const recorder =
      recordFile === undefined
        ? undefined
        : Recorder.open(recordFile, host, log.child({ component: 'recorder' }));

    return { host, enricher, sink, recorder, metrics };
  } catch (error) {
    for (const part of opened.reverse()) await part.close();
    throw error;
  }
}

async function closeParts({ sink, recorder, metrics }: Parts, log: Logger): Promise<void> {
  await metrics?.close();
  if (recorder) {
    recorder.close();
    log.info({ file: recorder.file, ...recorder.stats }, 'recording closed');
  }
  await sink.close();
}

function firstSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string): void => {
      for (const name of SHUTDOWN_SIGNALS) process.off(name, onSignal);
      resolve(signal);
    };
    for (const name of SHUTDOWN_SIGNALS) process.on(name, onSignal);
  });
}

/** A known failure is its code and context; only an unexpected one needs its stack. */
function describeFailure(error: unknown): object {
  if (!(error instanceof RwxwatchError)) return { err: error };

  // Own enumerable fields are name, code and context; message and stack are not among them.
  return { error: { ...error, message: error.message } };
}
