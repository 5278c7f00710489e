import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { ROOT } from './paths.js';
import type { MachineFacts } from './results.js';

function cpuModel(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
}

// The measured tree may hold uncommitted work; "+dirty" says so.
function commit(): string {
  const quiet = ['ignore', 'pipe', 'ignore'] as const;
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: [...quiet] });
  try {
    const head = git(['rev-parse', '--short', 'HEAD']).trim();
    return git(['status', '--porcelain']).trim() === '' ? head : `${head}+dirty`;
  } catch {
    return 'unknown';
  }
}

function auditEnabled(): string {
  try {
    const text = execFileSync('auditctl', ['-s'], { encoding: 'utf8' });
    return /^enabled (\d)/m.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unavailable';
  }
}

/** Facts that make two runs comparable, read once at the start. */
export function machineFacts(): MachineFacts {
  return {
    date: new Date().toISOString(),
    kernel: release(),
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    memoryMb: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    commit: commit(),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    auditEnabledBefore: auditEnabled(),
  };
}
