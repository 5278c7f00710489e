import { describe, expect, it } from 'vitest';
import type { EcsAlert } from '../../src/alerts/ecs.js';
import type { SensorEvent } from '../../src/events/types.js';
import { Pipeline } from '../../src/sensor/pipeline.js';
import { HOST_ID, makeCorrelator } from './support/correlator.js';
import { T0_MS } from './support/events.js';
import { memoryLogger } from './support/log.js';
import { connectRecord, mprotectRecord } from './support/records.js';

const BOOT_TO_REALTIME_NS = BigInt(T0_MS) * 1_000_000n;
const HOST = { id: HOST_ID, name: 'web-01' };

describe('Pipeline with an onEvent hook', () => {
  it('hands the hook every decoded event, each before the correlator sees it', () => {
    const { correlator, clock } = makeCorrelator();
    const seen: string[] = [];
    const sink = {
      write: (alert: EcsAlert) => seen.push(`alert ${alert.process.pid}`),
      close: () => Promise.resolve(),
    };
    const onEvent = (event: SensorEvent) => seen.push(`${event.kind} ${event.pid}`);
    const { log } = memoryLogger();
    const pipeline = new Pipeline({ correlator, sink, host: HOST, log, now: clock.now, onEvent });
    const batch = Buffer.concat([
      mprotectRecord({ pid: 501, ktimeNs: 1_000_000_000n }),
      connectRecord({ pid: 501, daddr: [198, 51, 100, 2], ktimeNs: 2_000_000_000n }),
      Buffer.alloc(8),
    ]);

    pipeline.handle(batch, 3, BOOT_TO_REALTIME_NS);

    expect(seen).toEqual(['mprotect 501', 'connect 501', 'alert 501']);
  });
});
