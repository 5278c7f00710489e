import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerHookMetrics } from '../../src/metrics/hook-metrics.js';
import { registerKernelMetrics } from '../../src/metrics/kernel-metrics.js';
import { AlertLatency } from '../../src/metrics/latency.js';
import { registerSensorMetrics } from '../../src/metrics/sensor-metrics.js';
import type { SensorView } from '../../src/metrics/sensor-view.js';
import type { HookCounters, LinkState } from '../../src/native/binding.js';

function hookCounters(seen: bigint): HookCounters {
  const rest = { filtered: 1n, emitted: 2n, ringbufFull: 3n, stateFull: 0n, readFailed: 4n };
  return { seen, ...rest, aggregated: 5n };
}

// A running sensor as the metrics see it, with fixed readings.
function fakeView(links: LinkState[] = []): SensorView {
  const counters = {
    mprotect: hookCounters(10n),
    connect: hookCounters(20n),
    udp: hookCounters(0n),
    exit: hookCounters(30n),
  };
  const transport = { batches: 6n, records: 7n, lostRecords: 1n, pollErrno: 0, polls: 99n };

  return {
    native: {
      counters: () => counters,
      transport: () => transport,
      modes: () => ({ mprotect: 'tracepoint', connect: 'tp_btf', exit: 'tp_btf' }),
    },
    links: { check: () => links },
    pipeline: { stats: { alerts: 3 } },
    correlator: { stats: () => ({ keys: 12, overCap: 2 }) as never },
    enricher: { stats: () => ({ size: 8 }) as never },
    pollIntervalMs: 20,
  };
}

async function render(view: SensorView): Promise<string> {
  const registry = new Registry();
  registerKernelMetrics(registry, view);
  registerHookMetrics(registry, view);
  registerSensorMetrics(registry, view);
  return registry.metrics();
}

describe('metrics registry over a running sensor', () => {
  it('renders the kernel counters per hook', async () => {
    const view = fakeView();

    const text = await render(view);

    expect(text).toContain('rwxwatch_kernel_events_seen_total{hook="connect"} 20');
    expect(text).toContain('rwxwatch_kernel_events_filtered_total{hook="mprotect"} 1');
    expect(text).toContain('rwxwatch_kernel_events_emitted_total{hook="exit"} 2');
    expect(text).toContain('rwxwatch_kernel_events_aggregated_total{hook="udp"} 5');
    expect(text).toContain('# TYPE rwxwatch_kernel_events_seen_total counter');
  });

  it('renders drops per hook and reason', async () => {
    const view = fakeView();

    const text = await render(view);

    expect(text).toContain(
      'rwxwatch_kernel_events_dropped_total{hook="mprotect",reason="ringbuf_full"} 3',
    );
    expect(text).toContain(
      'rwxwatch_kernel_events_dropped_total{hook="exit",reason="read_failed"} 4',
    );
    expect(text).toContain(
      'rwxwatch_kernel_events_dropped_total{hook="udp",reason="state_full"} 0',
    );
  });

  it('renders one attach-mode sample per attached hook', async () => {
    const view = fakeView();

    const text = await render(view);

    expect(text).toContain('rwxwatch_hook_attach_mode{hook="mprotect",mode="tracepoint"} 1');
    expect(text).toContain('rwxwatch_hook_attach_mode{hook="connect",mode="tp_btf"} 1');
    expect(text).not.toContain('rwxwatch_hook_attach_mode{hook="udp"');
  });

  it('renders alerts, state sizes and transport totals', async () => {
    const view = fakeView();

    const text = await render(view);

    expect(text).toContain('rwxwatch_alerts_total 3');
    expect(text).toContain('rwxwatch_alerts_over_cap_total 2');
    expect(text).toContain('rwxwatch_correlator_keys 12');
    expect(text).toContain('rwxwatch_enricher_cache_entries 8');
    expect(text).toContain('rwxwatch_transport_batches_total 6');
    expect(text).toContain('rwxwatch_transport_records_total 7');
    expect(text).toContain('rwxwatch_transport_lost_records_total 1');
    expect(text).toContain('rwxwatch_poller_cycles_total 99');
  });
});

describe('metrics registry with a detached link', () => {
  it('counts links per hook by state', async () => {
    const link = { hook: 'mprotect', programId: 1, linkId: 2, attached: true } as const;
    const view = fakeView([link, { ...link, linkId: 3, attached: false, reason: 'link gone' }]);

    const text = await render(view);

    expect(text).toContain('rwxwatch_hook_links{hook="mprotect",state="attached"} 1');
    expect(text).toContain('rwxwatch_hook_links{hook="mprotect",state="detached"} 1');
  });
});

describe('AlertLatency on an alert', () => {
  it('observes seconds from the later of the two kernel events', async () => {
    const registry = new Registry();
    const latency = new AlertLatency(registry, () => 10_030);
    const match = { mprotect: { timeMs: 9_000 }, connect: { timeMs: 10_000 } };

    latency.observe(match as never);

    const text = await registry.metrics();
    expect(text).toContain('rwxwatch_alert_latency_seconds_bucket{le="0.025"} 0');
    expect(text).toContain('rwxwatch_alert_latency_seconds_bucket{le="0.05"} 1');
    expect(text).toContain('rwxwatch_alert_latency_seconds_sum 0.03');
  });

  it('observes zero when the wall clock stepped back', async () => {
    const registry = new Registry();
    const latency = new AlertLatency(registry, () => 5_000);
    const match = { mprotect: { timeMs: 9_000 }, connect: { timeMs: 6_000 } };

    latency.observe(match as never);

    const text = await registry.metrics();
    expect(text).toContain('rwxwatch_alert_latency_seconds_bucket{le="0.001"} 1');
  });
});
