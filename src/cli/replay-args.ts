import { parseArgs } from 'node:util';
import type { ConfigInput } from '../config/schema.js';
import { LOG_LEVELS } from '../log/logger.js';
import { MissingReplayInputError } from '../replay/errors.js';
import { PROFILE_NAMES } from '../rules/profiles.js';
import { oneOf } from './flag-values.js';

export const REPLAY_USAGE = `Usage: rwxwatch replay [options] FILE...

Feeds recorded events to the same correlator as \`rwxwatch run\` and prints the
alerts they raise on stdout as ECS NDJSON, one per line. The clock is the events'
own time, so the same files always give the same alerts. Logs go to stderr.
Needs no privileges.

Each file is read in the format its lines are in:
  rwxwatch recording   written by \`rwxwatch run --record FILE\`
  ECS NDJSON           one _source per line, as exported from Elasticsearch:
                       auditd_manager/Auditbeat mprotect events, Elastic Defend
                       connection_attempted and auditd connected-to events
  Linux audit log      /var/log/audit/audit.log (raw or enriched), ausearch --raw
Several files, of one format each, are merged by event time.

Options:
  -c, --config FILE         configuration file (keys as in the README)
      --profile PROFILE     parity | hardened (default parity)
      --host-id ID          host.id of every event (default: the input's, else
                            this machine's machine-id)
      --log-level LEVEL     fatal | error | warn | info | debug | trace | silent
  -h, --help                show this help

Exit codes: 0 every file was read (malformed lines are logged and skipped),
64 bad command line, 66 a file cannot be opened or read, 78 bad configuration.

Examples:
  rwxwatch replay /var/log/audit/audit.log
  rwxwatch replay --host-id "$(cat /etc/machine-id)" audit.log.1 audit.log > alerts.ndjson
  rwxwatch replay --profile hardened sensor.ndjson defend-export.ndjson
`;

export interface ReplayArgs {
  help: boolean;
  files: string[];
  configFile: string | undefined;
  hostId: string | undefined;
  overrides: ConfigInput;
}

/** Throws MissingReplayInputError when no FILE is given (unless help is asked for). */
export function parseReplayArgs(argv: string[]): ReplayArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      profile: { type: 'string' },
      'host-id': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

  const help = values.help ?? false;
  if (!help && positionals.length === 0) {
    throw new MissingReplayInputError();
  }
  return {
    help,
    files: positionals,
    configFile: values.config,
    hostId: values['host-id'],
    overrides: {
      profile: oneOf('profile', values.profile, PROFILE_NAMES),
      logLevel: oneOf('log-level', values['log-level'], LOG_LEVELS),
    },
  };
}
