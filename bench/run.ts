// `npm run bench`: measures rwxwatch against no monitor and auditd on this machine, as
// root, and writes bench/results/. Everything it sets up (namespaces, processes, audit
// rules, temporary files) is undone on the way out, also on failure or Ctrl-C.
import { Cleanup } from './cleanup.js';
import { AuditHost } from './env/auditd.js';
import type { BenchEnv } from './env/bench-env.js';
import { BenchNet } from './env/net.js';
import { machineFacts } from './machine.js';
import { type BenchOptions, type PartName, parseOptions, USAGE, UsageError } from './options.js';
import { measureLatency } from './parts/latency.js';
import { measureMemory } from './parts/memory.js';
import { measureOverhead } from './parts/overhead.js';
import { measureThroughput } from './parts/throughput.js';
import { Programs } from './programs.js';
import { progress } from './progress.js';
import { writeResults } from './report/write.js';
import type { BenchResults } from './results.js';

const EXIT_USAGE = 64;
const EXIT_NO_PERMISSION = 77;

async function openAudit(env: BenchEnv): Promise<[AuditHost | undefined, string | undefined]> {
  try {
    return [await AuditHost.acquire(env.cleanup), undefined];
  } catch (error) {
    return [undefined, (error as Error).message];
  }
}

// A part that fails is reported and the others still run; the exit code says so.
async function attempt<T>(part: PartName, results: BenchResults, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    results.failedParts.push(part);
    results.errors.push(`${part} failed: ${(error as Error).message}`);
    return undefined;
  }
}

async function measure(options: BenchOptions, env: BenchEnv, results: BenchResults) {
  const parts = new Set(options.parts);

  if (parts.has('overhead')) {
    const [audit, reason] = await openAudit(env);
    results.overhead = await attempt('overhead', results, () =>
      measureOverhead(options, env, audit, reason),
    );
  }
  if (parts.has('latency')) {
    results.latency = await attempt('latency', results, () => measureLatency(options, env));
  }
  if (parts.has('throughput')) {
    results.throughput = await attempt('throughput', results, () =>
      measureThroughput(options, env),
    );
  }
  if (parts.has('memory')) {
    results.memory = await attempt('memory', results, () => measureMemory(options, env));
  }
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (process.getuid?.() !== 0) {
    process.stderr.write('bench: needs root (BPF, namespaces, auditd)\n');
    return EXIT_NO_PERMISSION;
  }

  const cleanup = new Cleanup();
  const startMs = Date.now();
  const results: BenchResults = {
    quick: options.quick,
    machine: machineFacts(),
    durationS: 0,
    errors: [],
    failedParts: [],
  };
  try {
    progress('compiling workloads and creating namespaces');
    const programs = Programs.build(cleanup);
    const net = await BenchNet.create(cleanup, programs);
    await measure(options, { cleanup, programs, net, errors: results.errors }, results);
  } finally {
    cleanup.runAll();
  }

  results.durationS = (Date.now() - startMs) / 1000;
  process.stdout.write(writeResults(results, options.quick));
  return results.failedParts.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError && error.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n${USAGE}`);
      process.exit(EXIT_USAGE);
    }
    process.stderr.write(`bench: failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
