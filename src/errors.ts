// One error class per failure mode, each with a stable `code` the CLI maps to
// one line and an exit code (see src/cli/exit-codes.ts).

export abstract class RwxwatchError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * No candidate addon loaded; `tried` lists every path and why it failed. The message names
 * them too, since it is the one line an operator sees: a prebuild that exists but lacks
 * libbpf.so.1 needs a package installed, not a build.
 */
export class AddonNotFoundError extends RwxwatchError {
  readonly code = 'ADDON_NOT_FOUND';

  constructor(readonly tried: { path: string; reason: string }[]) {
    const attempts = tried.map(({ path, reason }) => `${path}: ${reason}`).join('; ');
    const detail = tried.length === 0 ? 'no path to try' : `tried ${attempts}`;
    const hint =
      'in a clone run `npm run build`; a prebuild needs libbpf.so.1, libelf.so.1 and libz.so.1';
    super(`native addon not loaded (${detail}); ${hint}`);
  }
}

/** The kernel refused the BPF programs, a map or an attachment. */
export class KernelError extends RwxwatchError {
  constructor(
    readonly code: string,
    message: string,
    readonly errno: number,
    readonly hook: string | undefined,
  ) {
    super(message);
  }
}

/** The sensor lacks the privileges BPF needs. */
export class PrivilegeError extends RwxwatchError {
  readonly code = 'MISSING_PRIVILEGES';
}

/** A configuration file or option is invalid; `issues` names each bad key. */
export class ConfigError extends RwxwatchError {
  readonly code = 'CONFIG_INVALID';

  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`invalid configuration in ${source}: ${issues.join('; ')}`);
  }
}

/**
 * A file or directory the sensor was told to write to or read from cannot be used: the
 * recording, an alert file, the spool, a CA file. `path` names it; one exit code (73).
 */
export abstract class UnusablePathError extends RwxwatchError {
  constructor(
    readonly path: string,
    action: string,
    cause: Error,
  ) {
    super(`cannot ${action} ${path}: ${cause.message}`, { cause });
  }
}
