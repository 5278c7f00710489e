import { StdoutSink } from '../alerts/stdout-sink.js';
import { loadConfig } from '../config/load.js';
import { Enricher } from '../enrich/enricher.js';
import { RwxwatchError } from '../errors.js';
import type { SensorEvent } from '../events/types.js';
import { readHostContext } from '../host/host-info.js';
import { createLogger, type Logger } from '../log/logger.js';
import { loadBinding } from '../native/load.js';
import { Recorder } from '../replay/recorder.js';
import { Sensor } from '../sensor/sensor.js';
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
  const { procRoot, hostRoot } = config;
  const host = readHostContext({ procRoot, hostRoot });
  const enricher = new Enricher({ procRoot, hostRoot, cacheSize: config.processCacheEntries });
  const sink = new StdoutSink();
  const recorder =
    recordFile === undefined
      ? undefined
      : Recorder.open(recordFile, host, log.child({ component: 'recorder' }));
  const onEvent = recorder && ((event: SensorEvent) => recorder.record(event));
  const binding = loadBinding();
  const sensor = Sensor.open({ binding, config, host, sink, log, onEvent, enricher });

  const programIds = sensor.attachedProgramIds();
  log.info(
    {
      host: { id: host.id, name: host.name, idSource: host.idSource },
      programIds,
      profile: config.profile,
      kernel: config.kernel,
    },
    'sensor ready',
  );
  const signal = await stopSignal;

  log.info({ signal }, 'stopping');
  sensor.close();
  if (recorder) {
    recorder.close();
    log.info({ file: recorder.file, ...recorder.stats }, 'recording closed');
  }
  await sink.close();
  return EXIT.ok;
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
