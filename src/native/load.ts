import { createRequire } from 'node:module';
import { arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AddonNotFoundError } from '../errors.js';
import type { NativeBinding } from './binding.js';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the addon may be, in order: a local build, then a prebuild for this machine. */
export function addonCandidates(root = PACKAGE_ROOT): string[] {
  const platform = `linux-${arch()}`;

  return [
    join(root, 'build', 'Release', 'rwxwatch.node'),
    join(root, 'prebuilds', platform, 'rwxwatch.node'),
    join(root, 'prebuilds', platform, 'node.napi.node'),
  ];
}

/** Loads the first candidate that loads; the error lists every one tried and why it failed. */
export function loadBinding(candidates = addonCandidates()): NativeBinding {
  const require = createRequire(import.meta.url);
  const tried: { path: string; reason: string }[] = [];

  for (const path of candidates) {
    try {
      return require(path) as NativeBinding;
    } catch (error) {
      tried.push({ path, reason: (error as Error).message.split('\n')[0] ?? 'unknown' });
    }
  }
  throw new AddonNotFoundError(tried);
}
