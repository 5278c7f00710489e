import { RwxwatchError } from '../errors.js';
import type { CorrelatorOptions } from './types.js';

/** A window length or cap the correlator cannot work with. */
export class InvalidCorrelatorOptionError extends RwxwatchError {
  readonly code = 'CORRELATOR_OPTION_INVALID';

  constructor(
    readonly option: string,
    readonly value: number,
  ) {
    super(`correlator option ${option} is out of range: ${value}`);
  }
}

// A zero interval would never close a window, so checks happen once, up front.
export function validateOptions(options: CorrelatorOptions): void {
  const { lookbackMs, intervalMs, maxAlertsPerInterval } = options;

  requireThat('lookbackMs', lookbackMs, Number.isFinite(lookbackMs) && lookbackMs > 0);
  requireThat('intervalMs', intervalMs, Number.isFinite(intervalMs) && intervalMs > 0);
  requireThat(
    'maxAlertsPerInterval',
    maxAlertsPerInterval,
    Number.isInteger(maxAlertsPerInterval) && maxAlertsPerInterval >= 0,
  );
  const { maxKeys } = options;
  if (maxKeys !== undefined) {
    requireThat('maxKeys', maxKeys, Number.isInteger(maxKeys) && maxKeys >= 1);
  }
}

function requireThat(option: string, value: number, valid: boolean): void {
  if (!valid) {
    throw new InvalidCorrelatorOptionError(option, value);
  }
}
