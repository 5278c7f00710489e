import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { EcsAlert } from '../../src/alerts/ecs.js';
import { FanOutSink } from '../../src/sinks/fan-out.js';
import { fakeAlert } from '../support/alerts.js';

const log = pino({ level: 'silent' });

function recording() {
  const seen: string[] = [];
  const sink = { write: (a: EcsAlert) => void seen.push(a.event.id), close: async () => {} };
  return { seen, sink };
}

describe('FanOutSink with a sink that throws', () => {
  it('still hands the alert to the others and counts the throw as failed', async () => {
    const first = recording();
    const last = recording();
    const broken = {
      write: () => {
        throw new Error('broken');
      },
      close: async () => {},
    };
    const fanOut = new FanOutSink(
      [
        { name: 'a', sink: first.sink },
        { name: 'broken', sink: broken },
        { name: 'b', sink: last.sink },
      ],
      log,
    );

    fanOut.write(fakeAlert('x'));
    fanOut.write(fakeAlert('y'));
    await fanOut.close();

    expect(first.seen).toEqual(['x', 'y']);
    expect(last.seen).toEqual(['x', 'y']);
    expect(fanOut.counters().broken?.failed).toBe(2);
  });
});

describe('FanOutSink with a sink that never finishes closing', () => {
  it('returns after its close timeout', async () => {
    const stuck = { write: () => {}, close: () => new Promise<void>(() => {}) };
    const fanOut = new FanOutSink([{ name: 'stuck', sink: stuck }], log, 50);

    const started = Date.now();
    await fanOut.close();

    expect(Date.now() - started).toBeLessThan(1000);
  });
});
