import type { LinkState, TransportStats } from '../native/binding.js';

/** One reason the sensor is not healthy; `code` is stable for probes and dashboards. */
export type HealthProblem =
  | { code: 'STARTING' }
  | { code: 'HOOK_DETACHED'; hook: string; programId: number; linkId: number; reason: string }
  | { code: 'POLLER_STOPPED'; errno: number }
  | { code: 'POLLER_STALLED'; stillForMs: number; limitMs: number }
  | { code: 'NOT_CONSUMING' };

export interface HealthReport {
  status: 'ok' | 'unhealthy';
  problems: HealthProblem[];
}

export interface HealthInput {
  links: LinkState[];
  transport: Pick<TransportStats, 'pollErrno' | 'polls'>;
  /** How long the poller's heartbeat has stood still, and how long it may. */
  stillForMs: number;
  limitMs: number;
}

/** Alive: every hook still attached and the poller thread still turning. */
export function liveness(input: HealthInput): HealthReport {
  const problems: HealthProblem[] = input.links
    .filter((link) => !link.attached)
    .map(({ hook, programId, linkId, reason }) => ({
      code: 'HOOK_DETACHED',
      ...{ hook, programId, linkId, reason: reason ?? 'detached' },
    }));

  if (input.transport.pollErrno !== 0) {
    problems.push({ code: 'POLLER_STOPPED', errno: input.transport.pollErrno });
  } else if (input.stillForMs > input.limitMs) {
    const { stillForMs, limitMs } = input;
    problems.push({ code: 'POLLER_STALLED', stillForMs, limitMs });
  }
  return report(problems);
}

/** Ready: alive, and the poller has completed at least one cycle, so records flow. */
export function readiness(input: HealthInput): HealthReport {
  const { problems } = liveness(input);

  if (input.transport.polls === 0n) problems.push({ code: 'NOT_CONSUMING' });
  return report(problems);
}

export function report(problems: HealthProblem[]): HealthReport {
  return { status: problems.length === 0 ? 'ok' : 'unhealthy', problems };
}
