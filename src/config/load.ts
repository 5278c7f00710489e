import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { quoteUntrusted } from '../log/alert-summary.js';
import { readConfigFile } from './read-file.js';
import { CONFIG_SCHEMA, type Config, type ConfigInput } from './schema.js';

/**
 * Builds the effective configuration: the file (JSON or YAML) if given, then the
 * command-line overrides on top. Every problem is reported at once, each
 * naming its key, and nothing starts on a bad configuration.
 */
export function loadConfig(file: string | undefined, overrides: ConfigInput): Config {
  const fromFile = file === undefined ? {} : readConfigFile(file);
  const merged = { ...fromFile, ...withoutUndefined(overrides) };
  const parsed = CONFIG_SCHEMA.safeParse(merged);

  if (!parsed.success) throw new ConfigError(file ?? 'command line', describe(parsed.error));
  return parsed.data;
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${keyOf(issue.path)}: ${messageOf(issue)}`);
}

// zod puts an unknown key into its message as it is, so a key holding a newline or an
// ANSI escape would break the one line the CLI prints; such keys are quoted and escaped.
function messageOf(issue: z.ZodError['issues'][number]): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;

  const plural = issue.keys.length === 1 ? '' : 's';
  return `Unrecognized key${plural}: ${issue.keys.map(quoteUntrusted).join(', ')}`;
}

// Array positions read as in the file: exclude.destinations[2], not exclude.destinations.2.
function keyOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';

  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}

function withoutUndefined(input: ConfigInput): ConfigInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
