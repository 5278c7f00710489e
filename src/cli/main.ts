import { readFileSync } from 'node:fs';
import { RwxwatchError } from '../errors.js';
import { check } from './check.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { replay } from './replay.js';
import { run } from './run.js';

const USAGE = `Usage: rwxwatch <command> [options]

Commands:
  run        watch this host and print alerts (rwxwatch run --help)
  replay     print the alerts of recorded events (rwxwatch replay --help)
  check      say whether and how the sensor can run here (rwxwatch check --help)

Options:
  -h, --help     show this help
  -V, --version  print the version

Examples:
  sudo rwxwatch run --record /var/log/rwxwatch/events.ndjson > alerts.ndjson
  rwxwatch replay /var/log/audit/audit.log
  sudo rwxwatch check
`;

const COMMANDS: Readonly<Record<string, (argv: string[]) => Promise<number>>> = {
  run,
  replay,
  check,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;

  if (command === '--version' || command === '-V') {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (handler === undefined) {
    const what = command.startsWith('-') ? 'option' : 'command';
    process.stderr.write(
      `rwxwatch: unknown ${what} ${JSON.stringify(command)}; see rwxwatch --help\n`,
    );
    return EXIT.usage;
  }

  try {
    return await handler(rest);
  } catch (error) {
    process.stderr.write(`rwxwatch: ${describe(error)}${helpPointer(error, command)}\n`);
    return error instanceof RwxwatchError ? exitCodeFor(error) : EXIT.usage;
  }
}

function describe(error: unknown): string {
  if (error instanceof RwxwatchError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

// Node's parseArgs errors (unknown option, missing value) are usage errors of one command.
function helpPointer(error: unknown, command: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const usage = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
  return usage ? `; see rwxwatch ${command} --help` : '';
}

function version(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
