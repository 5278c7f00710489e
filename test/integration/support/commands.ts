import { execFileSync } from 'node:child_process';

/** Runs a fixed command (never through a shell) and returns its stdout. */
export function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Like sh() but ignores failure: for cleanup of things that may already be gone. */
export function shQuiet(command: string, args: string[]): void {
  try {
    sh(command, args);
  } catch {
    // Already removed, or never made: either way nothing is left.
  }
}
