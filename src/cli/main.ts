import { readFileSync } from 'node:fs';
import { RwxwatchError } from '../errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { run } from './run.js';

const USAGE = `Usage: rwxwatch <command> [options]

Commands:
  run        watch this host and print alerts (rwxwatch run --help)

Options:
  -h, --help     show this help
  -V, --version  print the version
`;

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
  if (command !== 'run') {
    process.stderr.write(`rwxwatch: unknown command "${command}"; see rwxwatch --help\n`);
    return EXIT.usage;
  }

  try {
    return await run(rest);
  } catch (error) {
    process.stderr.write(`rwxwatch: ${describe(error)}\n`);
    return error instanceof RwxwatchError ? exitCodeFor(error) : EXIT.usage;
  }
}

function describe(error: unknown): string {
  if (error instanceof RwxwatchError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

function version(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
