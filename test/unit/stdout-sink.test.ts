import { PassThrough } from 'node:stream';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildAlert, type EcsAlert } from '../../src/alerts/ecs.js';
import { StdoutSink } from '../../src/alerts/stdout-sink.js';
import { connectEvent, mprotectEvent, T0_MS } from './support/events.js';

const HOST = { id: 'host-1', name: 'web-01' };

function alertFor(pid: number): EcsAlert {
  const match = {
    key: { hostId: 'host-1', pid, name: 'payload' },
    mprotect: mprotectEvent({ pid }),
    connect: connectEvent({ pid }),
    mprotectCount: 1,
    connectCount: 1,
    foldedMatches: 0,
  };

  return buildAlert(match, { host: HOST, nowMs: T0_MS, id: `alert-${pid}` });
}

describe('StdoutSink writing alerts', () => {
  it('writes each alert as one JSON document on its own line', () => {
    const out = new PassThrough();
    const sink = new StdoutSink(out);
    const alerts = [alertFor(1), alertFor(2)];

    for (const alert of alerts) sink.write(alert);

    const lines = String(out.read()).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0] ?? '')).toEqual(alerts[0]);
    expect(JSON.parse(lines[1] ?? '')).toEqual(alerts[1]);
    expect(sink.counters.written).toBe(2);
  });

  it('counts an alert as failed once the stream has ended, and writes nothing', () => {
    const out = new PassThrough();
    const sink = new StdoutSink(out);
    out.end();

    sink.write(alertFor(3));

    expect(sink.counters).toMatchObject({ written: 0, failed: 1 });
  });
});

describe('StdoutSink closing', () => {
  it('resolves at once when nothing waits to drain', async () => {
    const sink = new StdoutSink(new PassThrough());

    const closing = sink.close();

    await expect(closing).resolves.toBeUndefined();
  });

  it('resolves only after the output has drained from backpressure', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const sink = new StdoutSink(out);
    sink.write(alertFor(1));
    let closed = false;

    const closing = sink.close().then(() => {
      closed = true;
    });
    await nextMacrotask();
    const closedBeforeDrain = closed;
    out.resume();
    await closing;

    expect(out.writableNeedDrain).toBe(false);
    expect(closedBeforeDrain).toBe(false);
    expect(closed).toBe(true);
  });
});
