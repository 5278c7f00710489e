import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { CONFIG_SCHEMA, type Config, type ConfigInput } from './schema.js';

/**
 * Builds the effective configuration: the file (JSON) if given, then the
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

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read: ${(error as Error).message}`]);
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(file, ['the top level must be an object']);
  }
  return value as Record<string, unknown>;
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${key}: ${issue.message}`;
  });
}

function withoutUndefined(input: ConfigInput): ConfigInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
