import { parseArgs } from 'node:util';
import { parseDurationMs } from '../config/duration.js';
import { CONNECT_MODES, type ConfigInput, MPROTECT_MODES } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { LOG_LEVELS } from '../log/logger.js';
import { PROFILE_NAMES } from '../rules/profiles.js';
import { oneOf } from './flag-values.js';

export const RUN_USAGE = `Usage: rwxwatch run [options]

Watches this host and prints an ECS alert line on stdout when a process makes
memory readable, writable and executable with mprotect and opens a TCP
connection to a non-local address (the hardened profile also watches
pkey_mprotect, mmap and connected UDP sockets). Logs go to stderr. Needs root,
or CAP_BPF and CAP_PERFMON (plus CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH to
describe other processes); \`rwxwatch check\` tells what this host lacks.

Options:
  -c, --config FILE         JSON or YAML configuration file (keys as in the README)
      --profile PROFILE     parity | hardened (default parity)
      --lookback DURATION   look-back window, e.g. 9m (default 9m)
      --mprotect-mode MODE  auto | kprobe | tracepoint (default auto)
      --connect-mode MODE   auto | kprobe | tp_btf | tracepoint (default auto)
      --log-level LEVEL     fatal | error | warn | info | debug | trace | silent
      --record FILE         also append every decoded event to FILE (created
                            0600) for \`rwxwatch replay\`
  -h, --help                show this help

Examples:
  sudo rwxwatch run
  sudo rwxwatch run --lookback 2m --log-level debug > alerts.ndjson
  sudo rwxwatch run --connect-mode tracepoint -c /etc/rwxwatch.json
  sudo rwxwatch run --profile hardened -c /etc/rwxwatch.yaml
  sudo rwxwatch run --record /var/log/rwxwatch/events.ndjson

Exit codes: 0 stopped by a signal, 64 bad command line, 69 kernel or addon
unavailable or metrics port taken, 73 a file cannot be created, 77 missing
privileges, 78 bad configuration or flag value.
`;

export interface RunArgs {
  help: boolean;
  configFile: string | undefined;
  /** `--record`: where to append decoded events; a run option, not a config key. */
  recordFile: string | undefined;
  overrides: ConfigInput;
}

export function parseRunArgs(argv: string[]): RunArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      lookback: { type: 'string' },
      profile: { type: 'string' },
      'mprotect-mode': { type: 'string' },
      'connect-mode': { type: 'string' },
      'log-level': { type: 'string' },
      record: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

  return {
    help: values.help ?? false,
    configFile: values.config,
    recordFile: values.record,
    overrides: {
      lookbackMs: values.lookback === undefined ? undefined : duration(values.lookback),
      profile: oneOf('profile', values.profile, PROFILE_NAMES),
      mprotectMode: oneOf('mprotect-mode', values['mprotect-mode'], MPROTECT_MODES),
      connectMode: oneOf('connect-mode', values['connect-mode'], CONNECT_MODES),
      logLevel: oneOf('log-level', values['log-level'], LOG_LEVELS),
    },
  };
}

function duration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    throw new ConfigError('command line', [`--lookback: "${text}" is not a duration like 9m`]);
  }
  return ms;
}
