import { parseArgs } from 'node:util';
import { UsageError } from '../options.js';

export interface SoakOptions {
  /** How long the mixed load runs, in minutes (fractions allowed). */
  minutes: number;
  /** Time between two RSS and /metrics samples. */
  sampleMs: number;
  /** Short-lived processes per second that make memory RWX and connect to the veth peer. */
  spawnPerS: number;
}

export const SOAK_USAGE = `Usage: npm run soak -- [--minutes N] [--sample-seconds N]
                             [--spawn-rate N]

Runs the real sensor (root) under a mixed load for N minutes (default 10) and writes
bench/results/soak.md (soak-short.md when N < 10): kernel drops, transport loss, RSS over
time, alerts raised against expected, CPU time, and a verdict. Exits 1 when the verdict
fails.
  --minutes N          length of the load (default 10)
  --sample-seconds N   RSS and /metrics sampling period (default 2)
  --spawn-rate N       alerting processes started per second (default 20)
`;

const DEFAULT_MINUTES = 10;
const MAX_MINUTES = 24 * 60;
const MAX_SPAWN_PER_S = 500;

const FLAGS = {
  minutes: { type: 'string' },
  'sample-seconds': { type: 'string' },
  'spawn-rate': { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Throws UsageError on a bad command line, and with `help` set when help was asked for. */
export function parseSoakOptions(argv: string[]): SoakOptions {
  const values = parse(argv);
  if (values.help) throw new UsageError('', true);

  const minutes = number('minutes', values.minutes, DEFAULT_MINUTES, [0.1, MAX_MINUTES]);
  const sampleS = number('sample-seconds', values['sample-seconds'], 2, [0.5, 60]);
  const spawnPerS = number('spawn-rate', values['spawn-rate'], 20, [1, MAX_SPAWN_PER_S]);
  if (!Number.isInteger(spawnPerS)) throw new UsageError('--spawn-rate must be a whole number');

  return { minutes, sampleMs: Math.round(sampleS * 1000), spawnPerS };
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, strict: true, options: FLAGS }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function number(
  flag: string,
  text: string | undefined,
  fallback: number,
  [min, max]: [number, number],
): number {
  if (text === undefined) return fallback;

  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be a number from ${min} to ${max}, not ${text}`);
  }
  return value;
}
