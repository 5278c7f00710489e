import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

// utime and stime are fields 14 and 15 of /proc/<pid>/stat, counted from 1; the comm in
// field 2 may hold spaces and parentheses, so fields are counted after its closing ')'.
const UTIME_AFTER_COMM = 11;

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/** User plus system CPU time the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[UTIME_AFTER_COMM]) + Number(fields[UTIME_AFTER_COMM + 1]);

  return (ticks * 1000) / clockTicks();
}

/** A `Vm*` line of /proc/<pid>/status, in KiB. */
export function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);

  return match === null ? Number.NaN : Number(match[1]);
}

/** Resets VmHWM to the current RSS (clear_refs value 5), so a later read is that span's peak. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
