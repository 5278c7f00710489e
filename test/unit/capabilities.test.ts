import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CapabilityDrop, ThreadDrop } from '../../src/native/binding.js';
import { DROP_TIMEOUT_MS, dropCapabilities } from '../../src/sensor/capabilities.js';
import type { KeptCapability } from '../../src/sensor/capability-policy.js';
import { parseThreadCaps, readThreadCaps, type ThreadCaps } from '../../src/sensor/thread-caps.js';
import { linesAt, memoryLogger } from './support/log.js';

const PTRACE = 1n << 19n;
const ALL = (1n << 41n) - 1n;
const KEPT: KeptCapability[] = [{ name: 'CAP_SYS_PTRACE', why: 'read /proc' }];
const CONFIG = {
  sinks: [{ type: 'stdout' as const }],
  state: { saveIntervalMs: 60_000 },
  hostRoot: '/',
  procRoot: '/proc',
};

function thread(tid: number, sets: bigint, extra: Partial<ThreadCaps> = {}): ThreadCaps {
  const base = { effective: sets, permitted: sets, bounding: sets, inheritable: 0n, ambient: 0n };
  return { tid, ...base, noNewPrivs: sets !== ALL, ...extra };
}

function asked(tid: number, outcome: ThreadDrop['outcome']): ThreadDrop {
  return { tid, name: 'node', outcome, capsetErrno: 0, boundingErrno: 0, noNewPrivsErrno: 0 };
}

function run(threads: ThreadDrop[], now: ThreadCaps[]) {
  const { log, lines } = memoryLogger();
  const calls: [number[], number][] = [];
  const binding = {
    dropCapabilities: (keep: number[], timeoutMs: number): CapabilityDrop => {
      calls.push([keep, timeoutMs]);
      return { signal: 34, threads };
    },
  };
  const outcome = dropCapabilities(CONFIG, { binding, log, kept: KEPT, readThreads: () => now });
  return { outcome, lines, calls };
}

describe('dropCapabilities when every thread is reached', () => {
  it('asks the addon for the kept numbers and logs one info line', () => {
    const { outcome, lines, calls } = run(
      [asked(1, 'dropped'), asked(2, 'dropped')],
      [thread(1, PTRACE), thread(2, PTRACE)],
    );

    expect(calls).toEqual([[[19], DROP_TIMEOUT_MS]]);
    expect(outcome).toMatchObject({ threads: 2, reached: 2, unreached: [], noNewPrivs: true });
    expect(linesAt(lines, 'info')[0]).toMatchObject({
      msg: 'capabilities dropped',
      threads: { total: 2, reached: 2 },
    });
    expect(linesAt(lines, 'warn')).toEqual([]);
  });
});

describe('dropCapabilities when a thread blocks the signal', () => {
  it('counts it as unreached and warns with its tid and why', () => {
    const { outcome, lines } = run(
      [asked(1, 'dropped'), asked(7, 'blocks signal')],
      [thread(1, PTRACE), thread(7, ALL)],
    );

    expect(outcome?.reached).toBe(1);
    expect(outcome?.unreached).toEqual([{ tid: 7, name: 'node', outcome: 'blocks signal' }]);
    expect(linesAt(lines, 'warn')[0]).toMatchObject({
      msg: 'threads kept their capabilities',
      threads: [{ tid: 7, outcome: 'blocks signal' }],
    });
  });
});

describe('dropCapabilities trusting the kernel over the addon', () => {
  it('reports a thread the addon called dropped but whose sets still hold more', () => {
    const { outcome } = run([asked(1, 'dropped')], [thread(1, PTRACE | 2n)]);

    expect(outcome?.unreached).toEqual([{ tid: 1, name: 'node', outcome: 'dropped' }]);
  });

  it('reports a thread the addon never saw as not asked', () => {
    const { outcome } = run([asked(1, 'dropped')], [thread(1, PTRACE), thread(9, ALL)]);

    expect(outcome?.unreached).toEqual([{ tid: 9, name: '', outcome: 'not asked' }]);
  });

  it('counts a leftover inheritable or ambient set as not dropped', () => {
    const now = [thread(1, PTRACE, { inheritable: PTRACE }), thread(2, PTRACE, { ambient: 1n })];

    const { outcome } = run([asked(1, 'dropped'), asked(2, 'dropped')], now);

    expect(outcome?.reached).toBe(0);
  });

  it('warns when the bounding set could not be reduced', () => {
    const { outcome, lines } = run([asked(1, 'dropped')], [thread(1, PTRACE, { bounding: ALL })]);

    expect(outcome?.boundingKept).toBe(1);
    expect(linesAt(lines, 'warn')[0]?.msg).toBe('bounding set not reduced');
  });
});

describe('dropCapabilities when the addon throws', () => {
  it('logs a warning and returns nothing', () => {
    const { log, lines } = memoryLogger();
    const binding = {
      dropCapabilities: (): CapabilityDrop => {
        throw Object.assign(new Error('no free real-time signal'), { code: 'CAPS_DROP_FAILED' });
      },
    };

    const outcome = dropCapabilities(CONFIG, { binding, log, kept: KEPT, readThreads: () => [] });

    expect(outcome).toBeUndefined();
    expect(linesAt(lines, 'warn')[0]?.msg).toBe('capabilities not dropped');
  });
});

describe('parseThreadCaps', () => {
  it('reads the five sets and no_new_privs from a status file', () => {
    const status = [
      'Name:\tnode',
      'NoNewPrivs:\t1',
      'CapInh:\t0000000000000000',
      'CapPrm:\t0000000000080000',
      'CapEff:\t0000000000080000',
      'CapBnd:\t000001ffffffffff',
      'CapAmb:\t0000000000000000',
    ].join('\n');

    expect(parseThreadCaps(5, status)).toEqual({
      tid: 5,
      effective: PTRACE,
      permitted: PTRACE,
      inheritable: 0n,
      ambient: 0n,
      bounding: (1n << 41n) - 1n,
      noNewPrivs: true,
    });
  });
});

describe('readThreadCaps', () => {
  it('reads one entry per thread of this process, each with its tid', () => {
    const tids = readdirSync('/proc/self/task').map(Number).sort();

    const threads = readThreadCaps();

    expect(threads.map((t) => t.tid).sort()).toEqual(tids);
  });
});
