import { createRequire } from 'node:module';
import { arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddonNotFoundError } from '../errors.js';
import type { NativeBinding } from './binding.js';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LoadedAddon {
  binding: NativeBinding;
  /** The candidate that loaded, for the start-up log. */
  path: string;
}

/**
 * Where the addon may be, in order: a local build (a clone after `npm run build`), then the
 * prebuild an installed package ships (named by scripts/prebuild.mjs).
 */
export function addonCandidates(root = PACKAGE_ROOT): string[] {
  return [
    join(root, 'build', 'Release', 'rwxwatch.node'),
    join(root, 'prebuilds', `linux-${arch()}`, 'rwxwatch.node'),
  ];
}

/** Loads the first candidate that loads; the error lists every one tried and why it failed. */
export function loadAddon(candidates = addonCandidates()): LoadedAddon {
  const require = createRequire(import.meta.url);
  const tried: { path: string; reason: string }[] = [];

  for (const path of candidates) {
    try {
      return { binding: require(path) as NativeBinding, path };
    } catch (error) {
      tried.push({ path, reason: reasonOf(error) });
    }
  }
  throw new AddonNotFoundError(tried);
}

export function loadBinding(candidates = addonCandidates()): NativeBinding {
  return loadAddon(candidates).binding;
}

// require's own message for a missing file repeats the path and adds a require stack; a
// failed dlopen says which library is missing, which is what the operator has to act on.
function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'MODULE_NOT_FOUND') return 'no such file';

  return message.split('\n')[0] || 'unknown error';
}
