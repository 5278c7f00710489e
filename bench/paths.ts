import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The bench runs from its sources under vitest and compiled under build/bench, so the
// repository root is found by walking up rather than by a fixed number of `..`.
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bench'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const SENSOR_BIN = join(ROOT, 'dist', 'cli', 'bin.js');
export const C_SOURCES = join(ROOT, 'bench', 'c');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
