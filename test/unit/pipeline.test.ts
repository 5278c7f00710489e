import { describe, expect, it } from 'vitest';
import type { EcsAlert } from '../../src/alerts/ecs.js';
import type { AlertSink } from '../../src/alerts/sink.js';
import type { CorrelatorOptions } from '../../src/correlate/types.js';
import type { ProcessRef } from '../../src/events/executable.js';
import type { LossInWindow } from '../../src/sensor/loss-ledger.js';
import { Pipeline } from '../../src/sensor/pipeline.js';
import { HOST_ID, makeCorrelator } from './support/correlator.js';
import { T0_MS } from './support/events.js';
import { linesAt, memoryLogger } from './support/log.js';
import { connectRecord, mprotectRecord } from './support/records.js';

// Boot at T0, so a record's ktime_ns is its distance from T0 and stays in the look-back.
const BOOT_TO_REALTIME_NS = BigInt(T0_MS) * 1_000_000n;
const HOST = { id: HOST_ID, name: 'web-01' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class CollectingSink implements AlertSink {
  readonly alerts: EcsAlert[] = [];

  write(alert: EcsAlert): void {
    this.alerts.push(alert);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function makePipeline(
  overrides: Partial<CorrelatorOptions> = {},
  executables?: FakeResolver,
  lossInLookback?: () => LossInWindow | undefined,
) {
  const { correlator, clock } = makeCorrelator(overrides);
  const sink = new CollectingSink();
  const { log, lines } = memoryLogger();
  const pipeline = new Pipeline({
    correlator,
    sink,
    host: HOST,
    log,
    now: clock.now,
    executables,
    lossInLookback,
  });

  return { pipeline, correlator, clock, sink, lines };
}

/** Answers from a table of pid to path and remembers every question. */
class FakeResolver {
  readonly asked: ProcessRef[] = [];

  constructor(private readonly paths: Record<number, string>) {}

  resolve(target: ProcessRef): string | undefined {
    this.asked.push(target);
    return this.paths[target.pid];
  }
}

/** An RWX mprotect and then a connect from `pid` to `daddr`, as one batch. */
function rwxThenConnect(pid: number, daddr: number[]): Buffer {
  return Buffer.concat([
    mprotectRecord({ pid, tid: pid, prot: 7n, ktimeNs: 1_000_000_000n }),
    connectRecord({ pid, tid: pid, daddr, dport: 4444, ktimeNs: 2_000_000_000n }),
  ]);
}

describe('Pipeline given an RWX mprotect and a connect from one pid', () => {
  it('raises one alert for that pid and destination', () => {
    const { pipeline, clock, sink } = makePipeline();

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts).toHaveLength(1);
    const [alert] = sink.alerts;
    expect(alert?.process.pid).toBe(501);
    expect(alert?.destination).toEqual({ ip: '198.51.100.2', port: 4444 });
    expect(alert?.host).toEqual(HOST);
    expect(alert?.event.id).toMatch(UUID);
    expect(alert?.['@timestamp']).toBe(new Date(clock.nowMs).toISOString());
  });

  it('pairs the two events across batches', () => {
    const { pipeline, sink } = makePipeline();
    const mprotect = mprotectRecord({ pid: 501, prot: 7n });
    const connect = connectRecord({ pid: 501, daddr: [198, 51, 100, 2] });

    pipeline.handle(mprotect, 1, BOOT_TO_REALTIME_NS);
    pipeline.handle(connect, 1, BOOT_TO_REALTIME_NS);

    expect(sink.alerts.map((alert) => alert.process.pid)).toEqual([501]);
  });

  it('logs the alert id, not the alert, at info', () => {
    const { pipeline, sink, lines } = makePipeline();

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    const infos = linesAt(lines, 'info');
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({
      msg: 'alert raised',
      alertId: sink.alerts[0]?.event.id,
      process: { pid: 501 },
    });
    expect(infos[0]).not.toHaveProperty('destination');
  });
});

describe('Pipeline given a connect to a loopback destination', () => {
  it('raises no alert', () => {
    const { pipeline, sink } = makePipeline();

    pipeline.handle(rwxThenConnect(501, [127, 0, 0, 1]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts).toEqual([]);
    expect(pipeline.stats.alerts).toBe(0);
  });
});

describe('Pipeline given a truncated batch', () => {
  it('counts the skipped record and logs one warn', () => {
    const { pipeline, lines } = makePipeline();
    const batch = Buffer.concat([mprotectRecord(), Buffer.alloc(20, 0xff)]);

    pipeline.handle(batch, 2, BOOT_TO_REALTIME_NS);

    expect(pipeline.stats.skipped).toBe(1);
    expect(pipeline.stats.events).toBe(1);
    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({
        msg: 'kernel records skipped',
        skipped: { truncated: 1, unknownKind: 0, malformed: 0 },
      }),
    ]);
  });

  it('logs no warn for a batch that decodes cleanly', () => {
    const { pipeline, lines } = makePipeline();

    pipeline.handle(mprotectRecord(), 1, BOOT_TO_REALTIME_NS);

    expect(linesAt(lines, 'warn')).toEqual([]);
  });
});

describe('Pipeline stats over several batches', () => {
  it('counts batches, records, events, skipped records and alerts', () => {
    const { pipeline } = makePipeline();
    const broken = Buffer.concat([connectRecord({ protocol: 132 }), Buffer.alloc(8)]);

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);
    pipeline.handle(broken, 2, BOOT_TO_REALTIME_NS);
    pipeline.handle(mprotectRecord({ pid: 502 }), 1, BOOT_TO_REALTIME_NS);

    expect(pipeline.stats).toEqual({
      batches: 3,
      records: 5,
      events: 3,
      skipped: 2,
      alerts: 1,
    });
  });

  it('logs each batch at debug', () => {
    const { pipeline, lines } = makePipeline();

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(linesAt(lines, 'debug')).toEqual([
      expect.objectContaining({ msg: 'batch decoded', records: 2, events: 2 }),
    ]);
  });
});

describe('Pipeline when the global alert cap refuses matches', () => {
  it('logs one warn per batch with how many were refused since the last batch', () => {
    const { pipeline, sink, lines } = makePipeline({ maxAlertsPerInterval: 1 });
    const twoPids = Buffer.concat([
      rwxThenConnect(601, [198, 51, 100, 2]),
      rwxThenConnect(602, [198, 51, 100, 2]),
    ]);

    pipeline.handle(twoPids, 4, BOOT_TO_REALTIME_NS);
    pipeline.handle(mprotectRecord({ pid: 603 }), 1, BOOT_TO_REALTIME_NS);
    pipeline.handle(rwxThenConnect(604, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts.map((alert) => alert.process.pid)).toEqual([601]);
    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({ msg: 'alerts over the cap', overCap: 1, total: 1 }),
      expect.objectContaining({ msg: 'alerts over the cap', overCap: 1, total: 2 }),
    ]);
  });
});

describe('Pipeline when the correlator evicts process state at its bound', () => {
  it('logs one warn per batch with how many keys were evicted', () => {
    const { pipeline, lines } = makePipeline({ maxKeys: 1 });
    const threePids = Buffer.concat([601, 602, 603].map((pid) => mprotectRecord({ pid })));

    pipeline.handle(threePids, 3, BOOT_TO_REALTIME_NS);

    expect(linesAt(lines, 'warn')).toEqual([
      expect.objectContaining({ msg: 'process state evicted at its limit', evicted: 2, total: 2 }),
    ]);
  });
});

describe('Pipeline when events were lost in the look-back', () => {
  it('says so in the alert, with what was lost where', () => {
    const loss: LossInWindow = { sinceMs: 0, kernel: 12, transport: 0, decoder: 1, evicted: 2 };
    const { pipeline, sink } = makePipeline({}, undefined, () => loss);

    pipeline.handle(rwxThenConnect(601, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts[0]?.rwxwatch.loss).toEqual({
      since: '1970-01-01T00:00:00.000Z',
      kernel_records: 12,
      transport_records: 0,
      skipped_records: 1,
      evicted_processes: 2,
    });
  });

  it('leaves the field out when nothing was lost', () => {
    const { pipeline, sink } = makePipeline({}, undefined, () => undefined);

    pipeline.handle(rwxThenConnect(601, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts).toHaveLength(1);
    expect(sink.alerts[0]?.rwxwatch).not.toHaveProperty('loss');
  });
});

describe('Pipeline with executable exclusions configured', () => {
  const NGINX = '/usr/sbin/nginx';
  const excluded = { excludedExecutables: new Set([NGINX]) };

  it('raises no alert for a process whose executable is excluded', () => {
    const resolver = new FakeResolver({ 501: NGINX, 502: '/tmp/implant' });
    const { pipeline, sink } = makePipeline(excluded, resolver);
    const batch = Buffer.concat([
      rwxThenConnect(501, [198, 51, 100, 2]),
      rwxThenConnect(502, [198, 51, 100, 2]),
    ]);

    pipeline.handle(batch, 4, BOOT_TO_REALTIME_NS);

    expect(sink.alerts.map((alert) => alert.process.pid)).toEqual([502]);
  });

  it('alerts when the executable cannot be resolved, failing open', () => {
    const resolver = new FakeResolver({});
    const { pipeline, sink } = makePipeline(excluded, resolver);

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts.map((alert) => alert.process.pid)).toEqual([501]);
  });

  it('asks the resolver about every event with its pid, start time and name', () => {
    const resolver = new FakeResolver({});
    const { pipeline } = makePipeline(excluded, resolver);

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(resolver.asked).toHaveLength(2);
    expect(resolver.asked[0]).toMatchObject({ pid: 501, name: 'payload' });
    expect(resolver.asked[0]?.startNs).toBe(1_000_000_000n);
  });
});

describe('Pipeline built without a resolver', () => {
  it('leaves executables unknown, so a path exclusion alone excludes nothing', () => {
    const excluded = { excludedExecutables: new Set(['/usr/sbin/nginx']) };
    const { pipeline, sink } = makePipeline(excluded);

    pipeline.handle(rwxThenConnect(501, [198, 51, 100, 2]), 2, BOOT_TO_REALTIME_NS);

    expect(sink.alerts.map((alert) => alert.process.pid)).toEqual([501]);
  });
});
