import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerSinkMetrics } from '../../src/metrics/sink-metrics.js';
import type { SinkCounters } from '../../src/sinks/counters.js';

describe("sink metrics over the sinks' counters", () => {
  it('renders every outcome per sink and the spool size', async () => {
    const registry = new Registry();
    const counters: Record<string, SinkCounters> = {
      'stdout[0]': { written: 3, failed: 0, spooled: 0, spoolBytes: 0, dropped: 0 },
      'elasticsearch[1]': { written: 1, failed: 2, spooled: 5, spoolBytes: 4096, dropped: 1 },
    };
    registerSinkMetrics(registry, () => counters);

    const text = await registry.metrics();

    expect(text).toContain('rwxwatch_sink_alerts_total{sink="stdout[0]",outcome="written"} 3');
    expect(text).toContain(
      'rwxwatch_sink_alerts_total{sink="elasticsearch[1]",outcome="failed"} 2',
    );
    expect(text).toContain(
      'rwxwatch_sink_alerts_total{sink="elasticsearch[1]",outcome="dropped"} 1',
    );
    expect(text).toContain('rwxwatch_sink_spool_bytes{sink="elasticsearch[1]"} 4096');
  });

  it('reads the counters again at each scrape', async () => {
    const registry = new Registry();
    const counters = {
      'file[0]': { written: 1, failed: 0, spooled: 0, spoolBytes: 0, dropped: 0 },
    };
    registerSinkMetrics(registry, () => counters);

    counters['file[0]'].written = 7;
    const text = await registry.metrics();

    expect(text).toContain('rwxwatch_sink_alerts_total{sink="file[0]",outcome="written"} 7');
  });
});
