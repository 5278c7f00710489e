import { parseArgs } from 'node:util';
import { loadBinding } from '../native/load.js';
import { hostReader } from '../preflight/host-reader.js';
import { formatText, toJson } from '../preflight/report.js';
import { type Preflight, runPreflight } from '../preflight/run-checks.js';
import { EXIT } from './exit-codes.js';

export const CHECK_USAGE = `Usage: rwxwatch check [options]

Says, before anything is deployed, whether \`rwxwatch run\` can work on this
host and how: kernel version, BTF, kprobes, tracepoints, ring buffer,
privileges, memlock limit, and the attach mode each hook would use. The last
comes from a real probe: the sensor is opened in every mode and closed at once.
Each line is PASS, WARN or FAIL; WARN and FAIL lines carry a hint.

Options:
      --json       print one JSON object (stable keys) instead of lines
  -h, --help       show this help

Exit codes: 0 the sensor can run (warnings allowed), 69 the kernel cannot run
it, 77 missing privileges.

Examples:
  sudo rwxwatch check
  rwxwatch check                      # as yourself: what privileges are missing
  sudo rwxwatch check --json | jq '.checks.modes.facts.modes'
`;

/** `rwxwatch check`: prints the preflight report on stdout; the exit code is its verdict. */
export async function check(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(CHECK_USAGE);
    return EXIT.ok;
  }

  const euid = process.geteuid?.() ?? -1;
  const preflight = runPreflight({ reader: hostReader(), euid, loadBinding });
  const code = exitCodeOf(preflight);
  const text = values.json
    ? `${JSON.stringify(toJson(preflight, code))}\n`
    : formatText(preflight, code);
  process.stdout.write(text);
  return code;
}

export function exitCodeOf(preflight: Preflight): number {
  if (preflight.blocker === 'permission') return EXIT.noPermission;
  return preflight.blocker === 'unavailable' ? EXIT.unavailable : EXIT.ok;
}
