import { spawn } from 'node:child_process';
import type { Cleanup } from '../cleanup.js';
import { collectOutput } from '../programs.js';

export interface ChildExit {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Launched {
  pid: number;
  done: Promise<ChildExit>;
}

/**
 * Starts a workload in a process group of its own, so that cleanup (Ctrl-C, a failure,
 * or `timeoutMs`) kills it together with every child it forked. Resolves on exit
 * whatever the exit code: the soak reads the output of partly failed runs too.
 */
export function launch(
  command: string,
  args: string[],
  cleanup: Cleanup,
  timeoutMs: number,
): Launched {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid ?? -1;
  const kill = cleanup.add(`workload ${pid}`, () => killGroup(pid));
  const timer = setTimeout(kill, timeoutMs);
  const output = collectOutput(child);

  const done = new Promise<ChildExit>((resolve) => {
    child.once('error', (error) => {
      output.stderr += error.message;
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      kill(); // also ends any child the workload left behind
      resolve({ pid, code, signal, ...output });
    });
  });
  return { pid, done };
}

function killGroup(pid: number): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone, which is what cleanup wants.
  }
}
