import {
  AddonNotFoundError,
  ConfigError,
  KernelError,
  PrivilegeError,
  UnusablePathError,
} from '../errors.js';
import { MetricsListenError } from '../metrics/errors.js';
import { MissingReplayInputError, ReplayInputError } from '../replay/errors.js';

/** Exit codes from sysexits.h, so scripts can tell the classes of failure apart. */
export const EXIT = {
  ok: 0,
  usage: 64,
  noInput: 66,
  unavailable: 69,
  software: 70,
  cantCreate: 73,
  noPermission: 77,
  config: 78,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return EXIT.config;
  if (error instanceof MissingReplayInputError) return EXIT.usage;
  if (error instanceof ReplayInputError) return EXIT.noInput;
  if (error instanceof UnusablePathError) return EXIT.cantCreate;
  if (error instanceof MetricsListenError) return EXIT.unavailable;
  if (error instanceof PrivilegeError) return EXIT.noPermission;
  if (error instanceof KernelError || error instanceof AddonNotFoundError) return EXIT.unavailable;
  return EXIT.software;
}
