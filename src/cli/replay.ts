import { StdoutSink } from '../alerts/stdout-sink.js';
import { loadConfig } from '../config/load.js';
import { readHostInfo } from '../host/host-info.js';
import { createLogger } from '../log/logger.js';
import { readInputs } from '../replay/reader.js';
import { replayEvents } from '../replay/replay.js';
import { EXIT } from './exit-codes.js';
import { parseReplayArgs, REPLAY_USAGE } from './replay-args.js';

/**
 * `rwxwatch replay`: resolves with 0 once every file was read and replayed. A file
 * that cannot be opened or read throws ReplayInputError before any alert is printed.
 */
export async function replay(argv: string[]): Promise<number> {
  const args = parseReplayArgs(argv);
  if (args.help) {
    process.stdout.write(REPLAY_USAGE);
    return EXIT.ok;
  }

  const config = loadConfig(args.configFile, args.overrides);
  const log = createLogger(config.logLevel);
  const input = await readInputs(args.files, log.child({ component: 'reader' }));

  const sink = new StdoutSink();
  replayEvents(input.events, {
    config,
    hostId: args.hostId,
    localHost: readHostInfo(),
    sink,
    log: log.child({ component: 'replay' }),
  });
  await sink.close();
  return EXIT.ok;
}
