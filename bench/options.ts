import { parseArgs } from 'node:util';

export const PARTS = ['overhead', 'latency', 'throughput', 'memory'] as const;
export type PartName = (typeof PARTS)[number];

export const WORKLOADS = ['getppid', 'mprotect', 'rwx', 'loopback', 'external'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface FloodStep {
  rate: number;
  processes: number;
}

export interface BenchOptions {
  quick: boolean;
  parts: PartName[];
  /** Alternating rounds of every mode; medians and ratios are taken across them. */
  rounds: number;
  /** Timed operations per workload run (a tenth more run untimed first). */
  iterations: Record<WorkloadName, number>;
  latencySamples: number;
  /** Throughput steps: qualifying calls per second (0 is flat out), split over processes. */
  floodSteps: FloodStep[];
  floodMs: number;
  statsIntervalMs: number;
  /** Short processes the live sensor sees for the memory measurement. */
  liveProcesses: number;
  /** Processes fed straight into the correlator for the synthetic memory measurement. */
  syntheticProcesses: number;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--parts PART,...]

Runs the rwxwatch benchmark as root and writes bench/results/latest.{md,svg} and a
timestamped JSON of the raw numbers. --quick uses small counts (a smoke run).
PART is overhead, latency, throughput or memory; the default is all four.
`;

const FULL: Omit<BenchOptions, 'quick' | 'parts'> = {
  rounds: 5,
  iterations: {
    getppid: 2_000_000,
    mprotect: 400_000,
    rwx: 200_000,
    loopback: 20_000,
    external: 20_000,
  },
  latencySamples: 200,
  floodSteps: [
    { rate: 10_000, processes: 1 },
    { rate: 50_000, processes: 1 },
    { rate: 100_000, processes: 1 },
    { rate: 200_000, processes: 1 },
    { rate: 400_000, processes: 2 },
    { rate: 800_000, processes: 2 },
    { rate: 0, processes: 1 },
    { rate: 0, processes: 2 },
  ],
  floodMs: 3_000,
  statsIntervalMs: 250,
  liveProcesses: 100_000,
  syntheticProcesses: 100_000,
};

const QUICK: Omit<BenchOptions, 'quick' | 'parts'> = {
  rounds: 3,
  iterations: {
    getppid: 200_000,
    mprotect: 40_000,
    rwx: 20_000,
    loopback: 2_000,
    external: 2_000,
  },
  latencySamples: 30,
  floodSteps: [
    { rate: 50_000, processes: 1 },
    { rate: 200_000, processes: 1 },
    { rate: 0, processes: 2 },
  ],
  floodMs: 1_000,
  statsIntervalMs: 250,
  liveProcesses: 1_000,
  syntheticProcesses: 100_000,
};

const FLAGS = {
  quick: { type: 'boolean' },
  parts: { type: 'string' },
  help: { type: 'boolean' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      options: FLAGS,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Throws UsageError on a bad command line, and with `help` set when help was asked for. */
export function parseOptions(argv: string[]): BenchOptions {
  const values = parse(argv);
  if (values.help) throw new UsageError('', true);

  const parts = values.parts === undefined ? [...PARTS] : values.parts.split(',');
  const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new UsageError(`unknown part: ${unknown.join(', ')}`);

  const quick = values.quick ?? false;
  return { quick, parts: parts as PartName[], ...(quick ? QUICK : FULL) };
}

/** A bad command line: the message (if any) and the usage go to stderr. */
export class UsageError extends Error {
  readonly code = 'BENCH_USAGE';

  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message);
  }
}
