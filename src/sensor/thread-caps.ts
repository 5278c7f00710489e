// What the kernel says each thread of this process holds, from /proc/self/task/<tid>/status.
// Capabilities are per thread, so the process-level status file alone would hide a thread
// that kept them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readProcText } from '../enrich/proc-file.js';

export interface ThreadCaps {
  tid: number;
  effective: bigint;
  permitted: bigint;
  inheritable: bigint;
  ambient: bigint;
  bounding: bigint;
  noNewPrivs: boolean;
}

const FIELDS = {
  CapEff: 'effective',
  CapPrm: 'permitted',
  CapInh: 'inheritable',
  CapAmb: 'ambient',
  CapBnd: 'bounding',
} as const;

/** Every thread alive now; one that exits while being read is left out. */
export function readThreadCaps(taskDir = '/proc/self/task'): ThreadCaps[] {
  const threads: ThreadCaps[] = [];

  for (const entry of readdirSync(taskDir)) {
    try {
      const status = readProcText(join(taskDir, entry, 'status'));
      threads.push(parseThreadCaps(Number(entry), status));
    } catch {
      // The thread exited between the listing and the read: it holds nothing any more.
    }
  }
  return threads;
}

export function parseThreadCaps(tid: number, status: string): ThreadCaps {
  const caps: ThreadCaps = {
    tid,
    effective: 0n,
    permitted: 0n,
    inheritable: 0n,
    ambient: 0n,
    bounding: 0n,
    noNewPrivs: false,
  };

  for (const line of status.split('\n')) {
    const [key = '', value = ''] = line.split(':\t');
    if (key === 'NoNewPrivs') caps.noNewPrivs = value.trim() === '1';
    if (key in FIELDS) caps[FIELDS[key as keyof typeof FIELDS]] = BigInt(`0x${value.trim()}`);
  }
  return caps;
}
