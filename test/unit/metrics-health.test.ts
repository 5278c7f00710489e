import { describe, expect, it } from 'vitest';
import { liveness, readiness } from '../../src/metrics/health.js';
import { HealthCheck } from '../../src/metrics/health-check.js';
import type { LinkState, TransportStats } from '../../src/native/binding.js';
import { LinkWatch } from '../../src/sensor/link-watch.js';
import { linesAt, memoryLogger } from './support/log.js';

const ATTACHED: LinkState = { hook: 'connect', programId: 40, linkId: 7, attached: true };
const DETACHED: LinkState = { ...ATTACHED, attached: false, reason: 'link gone' };

function input(overrides: { links?: LinkState[]; pollErrno?: number; polls?: bigint } = {}) {
  const transport = { pollErrno: overrides.pollErrno ?? 0, polls: overrides.polls ?? 5n };
  return { links: overrides.links ?? [ATTACHED], transport, stillForMs: 0, limitMs: 1_000 };
}

describe('health of a sensor with every hook attached and the poller turning', () => {
  it('is live and ready', () => {
    const state = input();

    const reports = [liveness(state), readiness(state)];

    expect(reports).toEqual([
      { status: 'ok', problems: [] },
      { status: 'ok', problems: [] },
    ]);
  });
});

describe('health of a sensor whose link was detached', () => {
  it('names the hook, program and link in both probes', () => {
    const state = input({ links: [DETACHED] });

    const reports = [liveness(state), readiness(state)];

    const problem = {
      code: 'HOOK_DETACHED',
      hook: 'connect',
      programId: 40,
      linkId: 7,
      reason: 'link gone',
    };
    for (const report of reports)
      expect(report).toEqual({ status: 'unhealthy', problems: [problem] });
  });
});

describe('health of a sensor whose poller stopped', () => {
  it('reports the poll errno', () => {
    const state = input({ pollErrno: 9 });

    const report = liveness(state);

    expect(report).toEqual({
      status: 'unhealthy',
      problems: [{ code: 'POLLER_STOPPED', errno: 9 }],
    });
  });
});

describe('health of a sensor whose poller stalled', () => {
  it('reports how long the heartbeat stood still', () => {
    const state = { ...input(), stillForMs: 1_500 };

    const report = readiness(state);

    expect(report.problems).toEqual([
      { code: 'POLLER_STALLED', stillForMs: 1_500, limitMs: 1_000 },
    ]);
  });
});

describe('health of a sensor before its first poll cycle', () => {
  it('is live but not ready', () => {
    const state = input({ polls: 0n });

    const reports = [liveness(state).status, readiness(state).problems];

    expect(reports).toEqual(['ok', [{ code: 'NOT_CONSUMING' }]]);
  });
});

// A native sensor whose heartbeat and links a test sets.
function fakeSensor() {
  const transport: TransportStats = {
    batches: 0n,
    records: 0n,
    lostRecords: 0n,
    pollErrno: 0,
    polls: 1n,
  };
  const links = [ATTACHED];
  let nowMs = 0;
  const view = {
    native: {
      transport: () => ({ ...transport }),
      counters: () => ({}) as never,
      modes: () => ({}) as never,
    },
    links: { check: () => [...links] },
    pollIntervalMs: 20,
  };
  return { transport, links, view, advance: (ms: number) => (nowMs += ms), now: () => nowMs };
}

describe('HealthCheck over a heartbeat that stops', () => {
  it('turns unhealthy once the heartbeat stood still past the limit', () => {
    const fake = fakeSensor();
    const check = new HealthCheck(fake.view, fake.now);
    const before = check.liveness().status;

    fake.advance(2_001);
    const after = check.liveness();

    expect(before).toBe('ok');
    const stalled = { code: 'POLLER_STALLED', stillForMs: 2_001, limitMs: 2_000 };
    expect(after.problems).toEqual([stalled]);
  });

  it('stays healthy while the heartbeat moves', () => {
    const fake = fakeSensor();
    const check = new HealthCheck(fake.view, fake.now);
    check.liveness();

    fake.advance(5_000);
    fake.transport.polls = 250n;
    const report = check.liveness();

    expect(report.status).toBe('ok');
  });
});

describe('LinkWatch on a link found detached', () => {
  it('logs hook detached at error once, however often it is checked', () => {
    const { log, lines } = memoryLogger();
    const watch = new LinkWatch({ linkStatus: () => [ATTACHED, DETACHED] }, log);

    watch.check();
    const states = watch.check();

    expect(states).toEqual([ATTACHED, DETACHED]);
    expect(linesAt(lines, 'error')).toEqual([
      expect.objectContaining({
        msg: 'hook detached',
        hook: 'connect',
        linkId: 7,
        why: 'link gone',
      }),
    ]);
  });
});
