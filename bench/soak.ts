// `npm run soak`: the real sensor under a mixed load for some minutes, as root, with a
// report on loss, memory and CPU in bench/results/soak.md (soak-short.md for a run under
// ten minutes). Not part of CI: it runs for
// minutes. Everything it sets up (namespaces, veth pair, processes, temporary files) is
// undone on the way out, also on failure or Ctrl-C.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cleanup } from './cleanup.js';
import { BenchNet } from './env/net.js';
import { UsageError } from './options.js';
import { RESULTS_DIR } from './paths.js';
import { Programs } from './programs.js';
import { progress } from './progress.js';
import { parseSoakOptions, SOAK_USAGE } from './soak/options.js';
import { renderSoakReport } from './soak/report.js';
import { runSoak } from './soak/run-soak.js';

const EXIT_USAGE = 64;
const EXIT_NO_PERMISSION = 77;
/** Runs shorter than this write soak-short.md (not committed), so they never replace the
 * report of a full run. */
const FULL_RUN_MINUTES = 10;

function reportFile(minutes: number): string {
  return join(RESULTS_DIR, minutes >= FULL_RUN_MINUTES ? 'soak.md' : 'soak-short.md');
}

async function main(argv: string[]): Promise<number> {
  const options = parseSoakOptions(argv);
  if (process.getuid?.() !== 0) {
    process.stderr.write('soak: needs root (BPF, network namespaces)\n');
    return EXIT_NO_PERMISSION;
  }

  const cleanup = new Cleanup();
  let report: string;
  let pass: boolean;
  try {
    progress('compiling workloads and creating namespaces');
    const programs = Programs.build(cleanup);
    const net = await BenchNet.create(cleanup, programs);
    const results = await runSoak(options, { cleanup, programs, net, errors: [] });
    report = renderSoakReport(results);
    pass = results.verdict.pass;
  } finally {
    cleanup.runAll();
  }

  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = reportFile(options.minutes);
  writeFileSync(file, report);
  process.stdout.write(report);
  progress(`report written to ${file}`);
  return pass ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError && error.help) {
      process.stdout.write(SOAK_USAGE);
      process.exit(0);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`soak: ${error.message}\n${SOAK_USAGE}`);
      process.exit(EXIT_USAGE);
    }
    process.stderr.write(`soak: failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
