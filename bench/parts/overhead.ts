// Parts 1, 2 and 5: what each monitor adds to syscall-heavy workloads, and what the
// monitor itself spends meanwhile. Modes alternate within every round, in a rotated
// order, so drift on a shared machine hits every mode alike.
import { AUDIT_RULES, type AuditHost } from '../env/auditd.js';
import { type BenchEnv, sleep } from '../env/bench-env.js';
import { floorSkipReason } from '../env/floor.js';
import { cpuMs, resetPeakRss, statusKb } from '../env/proc-stats.js';
import { type BenchOptions, WORKLOADS, type WorkloadName } from '../options.js';
import { progress } from '../progress.js';
import type { ModeName, OverheadResults, Usage } from '../results.js';
import { type ActiveMode, enterMode } from './modes.js';
import { runWorkload } from './workloads.js';

/** Lets the monitor finish the events a workload left queued before its CPU is read. */
const SETTLE_MS = 300;
/** auditd is compared on the syscall workloads only, as the issue asks. */
const EXTERNAL_MODES: readonly ModeName[] = ['none', 'rwxwatch'];

export async function measureOverhead(
  options: BenchOptions,
  env: BenchEnv,
  audit: AuditHost | undefined,
  auditSkipReason: string | undefined,
): Promise<OverheadResults> {
  const auditModes = Object.keys(AUDIT_RULES) as ModeName[];
  const floorSkip = floorSkipReason();
  const modes: ModeName[] = [
    'none',
    'rwxwatch',
    ...(floorSkip === undefined ? ['floor' as const] : []),
    ...(audit === undefined ? [] : auditModes),
  ];
  const results = emptyResults(options, modes);
  if (auditSkipReason !== undefined) {
    results.skippedModes = auditModes.map((mode) => ({ mode, reason: auditSkipReason }));
  }
  if (floorSkip !== undefined) results.skippedModes.push({ mode: 'floor', reason: floorSkip });

  for (let round = 0; round < options.rounds; round++) {
    for (const mode of rotate(modes, round)) {
      progress(`overhead: round ${round + 1}/${options.rounds}, ${mode}`);
      await oneMode(mode, round, { options, env, audit, results });
    }
  }
  return results;
}

interface RoundContext {
  options: BenchOptions;
  env: BenchEnv;
  audit: AuditHost | undefined;
  results: OverheadResults;
}

async function oneMode(mode: ModeName, round: number, ctx: RoundContext): Promise<void> {
  let active: ActiveMode;
  try {
    active = await enterMode(mode, ctx.env, ctx.audit);
  } catch (error) {
    ctx.env.errors.push(`overhead ${mode} round ${round + 1}: ${(error as Error).message}`);
    return;
  }

  const lostBefore = ctx.audit?.lost() ?? 0;
  try {
    for (const workload of WORKLOADS) {
      if (workload === 'external' && !EXTERNAL_MODES.includes(mode)) continue;
      await oneWorkload(workload, mode, round, active, ctx).catch((error: Error) => {
        ctx.env.errors.push(`overhead ${workload} under ${mode}: ${error.message}`);
      });
    }
  } finally {
    await active.leave();
  }
  if (mode.startsWith('auditd')) {
    const lost = (ctx.audit?.lost() ?? 0) - lostBefore;
    ctx.results.auditLost[mode] = (ctx.results.auditLost[mode] ?? 0) + lost;
  }
}

// A value is recorded only once the monitor is known to have run throughout.
async function oneWorkload(
  workload: WorkloadName,
  mode: ModeName,
  round: number,
  active: ActiveMode,
  ctx: RoundContext,
): Promise<void> {
  const pid = active.pid();
  const before = pid === undefined ? undefined : startUsage(pid);

  const nsPerOp = await runWorkload(workload, ctx.options.iterations[workload], ctx.env);
  if (pid === undefined || before === undefined) {
    record(ctx.results.nsPerOp, workload, mode, round, nsPerOp);
    return;
  }

  await sleep(SETTLE_MS);
  const usage = endUsage(active.pid() ?? pid, before);
  record(ctx.results.nsPerOp, workload, mode, round, nsPerOp);
  record(ctx.results.usage, workload, mode, round, usage);
}

function startUsage(pid: number): { cpuMs: number; atMs: number } {
  resetPeakRss(pid);
  return { cpuMs: cpuMs(pid), atMs: Date.now() };
}

function endUsage(pid: number, before: { cpuMs: number; atMs: number }): Usage {
  return {
    cpuMs: cpuMs(pid) - before.cpuMs,
    wallMs: Date.now() - before.atMs,
    peakRssKb: statusKb(pid, 'VmHWM'),
  };
}

// Rounds are indexed so that ratios pair values of the same round.
function record<T>(
  table: Partial<Record<WorkloadName, Partial<Record<ModeName, T[]>>>>,
  workload: WorkloadName,
  mode: ModeName,
  round: number,
  value: T,
): void {
  const byMode = table[workload] ?? {};
  const values = byMode[mode] ?? [];
  values[round] = value;
  byMode[mode] = values;
  table[workload] = byMode;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function emptyResults(options: BenchOptions, modes: ModeName[]): OverheadResults {
  return {
    rounds: options.rounds,
    modes,
    skippedModes: [],
    iterations: options.iterations,
    nsPerOp: {},
    usage: {},
    auditLost: {},
  };
}
