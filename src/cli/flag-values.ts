import { ConfigError } from '../errors.js';

/**
 * Checks a flag's value against its choices here, where the flag's name is known:
 * the configuration schema would report the config key instead (`connectMode`).
 */
export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly string[]).includes(value)) return value as T;

  const issue = `--${flag}: ${JSON.stringify(value)} is not one of ${choices.join(', ')}`;
  throw new ConfigError('command line', [issue]);
}
