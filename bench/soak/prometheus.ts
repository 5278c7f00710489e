// Reads the Prometheus text format the sensor serves on /metrics. Only what the soak
// needs: sample lines with optional labels. Comments, timestamps and exemplars are skipped.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample line of a scrape; malformed lines are skipped, not fatal. */
export function parsePrometheus(text: string): PromSample[] {
  const samples: PromSample[] = [];

  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line.trim());
    if (match === null) continue;

    const value = Number(match[3]);
    if (Number.isNaN(value) && match[3] !== 'NaN') continue;
    samples.push({ name: match[1] as string, labels: labels(match[2] ?? ''), value });
  }
  return samples;
}

function labels(text: string): Record<string, string> {
  const out: Record<string, string> = {};

  for (const [, key, raw] of text.matchAll(LABEL)) {
    out[key as string] = (raw as string).replace(/\\(.)/g, (_, c: string) =>
      c === 'n' ? '\n' : c,
    );
  }
  return out;
}

/** Samples of `name` whose labels include every pair in `match`. */
export function select(
  samples: readonly PromSample[],
  name: string,
  match: Record<string, string> = {},
): PromSample[] {
  const wanted = Object.entries(match);

  return samples.filter(
    (sample) => sample.name === name && wanted.every(([k, v]) => sample.labels[k] === v),
  );
}

/** The sum over the selected samples; NaN when the metric is absent. */
export function sum(
  samples: readonly PromSample[],
  name: string,
  match: Record<string, string> = {},
): number {
  const found = select(samples, name, match);
  if (found.length === 0) return Number.NaN;

  return found.reduce((total, sample) => total + sample.value, 0);
}
