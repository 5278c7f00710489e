import { describe, expect, it } from 'vitest';
import type {
  Counters,
  HookCounters,
  NativeSensor,
  TransportStats,
} from '../../src/native/binding.js';
import { LossWatch } from '../../src/sensor/loss-watch.js';
import { linesAt, memoryLogger } from './support/log.js';

function zeroCounters(): HookCounters {
  const zero = { seen: 0n, filtered: 0n, emitted: 0n, ringbufFull: 0n, stateFull: 0n };
  return { ...zero, readFailed: 0n, aggregated: 0n };
}

/** The addon's counters as a test sets them; each read returns a snapshot, as the addon does. */
class FakeNative implements Pick<NativeSensor, 'counters' | 'transport'> {
  readonly hooks: Counters = {
    mprotect: zeroCounters(),
    connect: zeroCounters(),
    udp: zeroCounters(),
    exit: zeroCounters(),
  };
  readonly stats: TransportStats = {
    batches: 0n,
    records: 0n,
    lostRecords: 0n,
    pollErrno: 0,
    polls: 0n,
  };

  counters(): Counters {
    return structuredClone(this.hooks);
  }

  transport(): TransportStats {
    return { ...this.stats };
  }
}

// LossWatch reads nothing of the addon but counters() and transport().
function makeWatch() {
  const native = new FakeNative();
  const { log, lines } = memoryLogger('debug');
  const watch = new LossWatch(native as unknown as NativeSensor, log);

  return { native, watch, lines };
}

describe('LossWatch on a first check without losses', () => {
  it('logs every counter at debug as plain numbers and no warn', () => {
    const { native, watch, lines } = makeWatch();
    native.hooks.mprotect.seen = 12n;
    native.stats.records = 3n;

    watch.check();

    expect(linesAt(lines, 'warn')).toEqual([]);
    expect(linesAt(lines, 'error')).toEqual([]);
    expect(linesAt(lines, 'debug')).toEqual([
      expect.objectContaining({
        msg: 'counters',
        counters: expect.objectContaining({ mprotect: expect.objectContaining({ seen: 12 }) }),
        transport: expect.objectContaining({ records: 3 }),
      }),
    ]);
  });

  it('returns the counters it read', () => {
    const { native, watch } = makeWatch();
    native.hooks.connect.emitted = 7n;

    const counters = watch.check();

    expect(counters.connect.emitted).toBe(7n);
  });
});

describe('LossWatch when a kernel loss counter rises', () => {
  it.each(['ringbufFull', 'stateFull', 'readFailed'] as const)(
    'warns once per rise of %s with the hook, the counter and the delta',
    (counter) => {
      const { native, watch, lines } = makeWatch();
      watch.check();

      native.hooks.connect[counter] = 4n;
      watch.check();
      native.hooks.connect[counter] = 10n;
      watch.check();

      expect(linesAt(lines, 'warn')).toEqual([
        expect.objectContaining({ msg: 'kernel loss', hook: 'connect', counter, lost: 4 }),
        expect.objectContaining({ msg: 'kernel loss', hook: 'connect', counter, lost: 6 }),
      ]);
    },
  );

  it('does not warn again while the counter stays where it was', () => {
    const { native, watch, lines } = makeWatch();
    native.hooks.mprotect.ringbufFull = 2n;
    watch.check();

    watch.check();

    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({ hook: 'mprotect', counter: 'ringbufFull', lost: 2 }),
    ]);
  });
});

describe('LossWatch when records are lost between the poller and JS', () => {
  it('warns with the number lost since the previous check', () => {
    const { native, watch, lines } = makeWatch();
    native.stats.lostRecords = 5n;
    watch.check();

    native.stats.lostRecords = 8n;
    watch.check();
    watch.check();

    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({ msg: 'records lost between poller and JS', lost: 5 }),
      expect.objectContaining({ msg: 'records lost between poller and JS', lost: 3 }),
    ]);
  });
});

describe('LossWatch when the poller has stopped', () => {
  it('logs an error with the errno', () => {
    const { native, watch, lines } = makeWatch();
    native.stats.pollErrno = 5;

    watch.check();

    expect(linesAt(lines, 'error')).toEqual([
      expect.objectContaining({ msg: 'ring buffer poller stopped', errno: 5 }),
    ]);
  });
});
