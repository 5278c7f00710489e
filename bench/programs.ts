import {
  type ChildProcess,
  type ChildProcessByStdio,
  execFileSync,
  spawn,
} from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Cleanup } from './cleanup.js';
import { C_SOURCES } from './paths.js';

export const PROGRAMS = [
  'syscalls',
  'alert-trigger',
  'rwx-flood',
  'sink',
  'spawn-tracked',
] as const;
export type ProgramName = (typeof PROGRAMS)[number];

/** Every workload program (bench/c), compiled into a temporary directory removed on cleanup. */
export class Programs {
  private constructor(readonly dir: string) {}

  static build(cleanup: Cleanup): Programs {
    const dir = mkdtempSync(join(tmpdir(), 'rwxwatch-bench-'));
    cleanup.add('temporary directory', () => rmSync(dir, { recursive: true, force: true }));

    for (const name of PROGRAMS) {
      const source = join(C_SOURCES, `${name}.c`);
      // Compiler messages go to stderr: stdout carries only the final table.
      execFileSync('cc', ['-O2', '-Wall', '-o', join(dir, name), source], {
        stdio: ['ignore', 2, 2],
      });
    }
    return new Programs(dir);
  }

  path(name: ProgramName): string {
    return join(this.dir, name);
  }
}

export function killIfAlive(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface Finished {
  pid: number;
  stdout: string;
}

/**
 * Runs a command to completion and resolves with its stdout; rejects on a non-zero exit
 * or after `timeoutMs`, killing it, so that no workload can hang the run.
 */
export function runToEnd(command: string, args: string[], timeoutMs: number): Promise<Finished> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const { stdout, stderr } = output;
      if (code === 0 && child.pid !== undefined) resolve({ pid: child.pid, stdout });
      else reject(new Error(`${command} ${args.join(' ')}: ${code ?? signal} ${stderr.trim()}`));
    });
  });
}

/** Everything a child writes to its piped stdout and stderr, filled in as it comes. */
export function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>) {
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return output;
}
