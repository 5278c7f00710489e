import type { Cleanup } from '../cleanup.js';
import type { Programs } from '../programs.js';
import type { BenchNet } from './net.js';

/** What every part of the bench shares: the undo list, the programs, the namespaces. */
export interface BenchEnv {
  cleanup: Cleanup;
  programs: Programs;
  net: BenchNet;
  /** Failures that did not stop the run; they go into the report. */
  errors: string[];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
