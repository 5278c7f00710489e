import { StdoutSink } from '../alerts/stdout-sink.js';
import { loadConfig } from '../config/load.js';
import { RwxwatchError } from '../errors.js';
import { readHostInfo } from '../host/host-info.js';
import { createLogger, type Logger } from '../log/logger.js';
import { loadBinding } from '../native/load.js';
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
    return await runSensor(config, log);
  } catch (error) {
    log.fatal(describeFailure(error), 'sensor cannot start');
    return exitCodeFor(error);
  }
}

async function runSensor(config: ReturnType<typeof loadConfig>, log: Logger): Promise<number> {
  // Listen before attaching so a signal that arrives during start-up still
  // stops the sensor cleanly once it is up.
  const stopSignal = firstSignal();
  const host = readHostInfo();
  const sink = new StdoutSink();
  const binding = loadBinding();
  const sensor = Sensor.open({ binding, config, host, sink, log });

  const programIds = sensor.attachedProgramIds();
  log.info(
    { host: { id: host.id, name: host.name, idSource: host.idSource }, programIds },
    'sensor ready',
  );
  const signal = await stopSignal;

  log.info({ signal }, 'stopping');
  sensor.close();
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
