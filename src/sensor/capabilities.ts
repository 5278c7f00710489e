// Once attached, the sensor gives up every capability it no longer needs, in every thread
// the addon can reach. What each thread holds afterwards is read back from the kernel, so
// the log states what is true, not what was asked for.
import { release } from 'node:os';
import type { Logger } from '../log/logger.js';
import type { NativeBinding, ThreadDrop } from '../native/binding.js';
import {
  CAPABILITY,
  capabilitiesToKeep,
  type KeptCapability,
  type PolicyConfig,
} from './capability-policy.js';
import { currentAccess } from './path-access.js';
import { readThreadCaps, type ThreadCaps } from './thread-caps.js';

/** How long the other threads get to answer the addon's signal. */
export const DROP_TIMEOUT_MS = 1_000;

export interface UnreachedThread {
  tid: number;
  name: string;
  /** The addon's account; `not asked` for a thread started after the drop by one it missed. */
  outcome: ThreadDrop['outcome'] | 'not asked';
}

export interface DropOutcome {
  kept: KeptCapability[];
  threads: number;
  /** Threads whose effective, permitted, inheritable and ambient sets hold `kept` at most. */
  reached: number;
  unreached: UnreachedThread[];
  /** Reached threads whose bounding set still has more (no CAP_SETPCAP to drop it). */
  boundingKept: number;
  /** Every reached thread has no_new_privs set. */
  noNewPrivs: boolean;
}

export interface DropDeps {
  binding: Pick<NativeBinding, 'dropCapabilities'>;
  log: Logger;
  /** What to keep; worked out from the config and this host by default. */
  kept?: KeptCapability[];
  readThreads?: () => ThreadCaps[];
}

/** Never throws: a drop that cannot run is logged at warn and the sensor carries on. */
export function dropCapabilities(config: PolicyConfig, deps: DropDeps): DropOutcome | undefined {
  const facts = { kernelRelease: release(), access: currentAccess() };
  const kept = deps.kept ?? capabilitiesToKeep(config, facts);
  let threads: ThreadDrop[];

  try {
    const numbers = kept.map(({ name }) => CAPABILITY[name]);
    threads = deps.binding.dropCapabilities(numbers, DROP_TIMEOUT_MS).threads;
  } catch (error) {
    deps.log.warn({ err: error }, 'capabilities not dropped');
    return undefined;
  }

  const outcome = judge(kept, threads, (deps.readThreads ?? readThreadCaps)());
  report(outcome, deps.log);
  return outcome;
}

/** Compares what the kernel shows per thread with what was kept. */
export function judge(kept: KeptCapability[], asked: ThreadDrop[], now: ThreadCaps[]): DropOutcome {
  const mask = kept.reduce((bits, { name }) => bits | (1n << BigInt(CAPABILITY[name])), 0n);
  const within = (set: bigint): boolean => (set & ~mask) === 0n;
  const dropped = now.filter(
    (t) => within(t.effective | t.permitted) && t.inheritable === 0n && t.ambient === 0n,
  );

  const unreached = now
    .filter((t) => !dropped.includes(t))
    .map(({ tid }) => {
      const drop = asked.find((d) => d.tid === tid);
      return { tid, name: drop?.name ?? '', outcome: drop?.outcome ?? ('not asked' as const) };
    });
  return {
    kept,
    threads: now.length,
    reached: dropped.length,
    unreached,
    boundingKept: dropped.filter((t) => !within(t.bounding)).length,
    noNewPrivs: dropped.every((t) => t.noNewPrivs),
  };
}

function report(outcome: DropOutcome, log: Logger): void {
  const { kept, threads, reached, unreached, boundingKept, noNewPrivs } = outcome;

  log.info({ kept, threads: { total: threads, reached }, noNewPrivs }, 'capabilities dropped');
  if (unreached.length > 0) {
    log.warn({ threads: unreached }, 'threads kept their capabilities');
  }
  if (boundingKept > 0) {
    log.warn({ threads: boundingKept }, 'bounding set not reduced');
  }
}
