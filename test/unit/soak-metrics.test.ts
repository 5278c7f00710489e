import { describe, expect, it } from 'vitest';
import { kernelDropped, summariseMetrics } from '../../bench/soak/metrics-summary.js';
import { parsePrometheus, sum } from '../../bench/soak/prometheus.js';

const SCRAPE = `# HELP rwxwatch_alerts_total Alerts raised
# TYPE rwxwatch_alerts_total counter
rwxwatch_alerts_total 605
rwxwatch_alerts_over_cap_total 2
rwxwatch_sink_alerts_total{sink="stdout[0]",outcome="written"} 605
rwxwatch_sink_alerts_total{sink="stdout[0]",outcome="failed"} 0
rwxwatch_kernel_events_seen_total{hook="mprotect"} 620752
rwxwatch_kernel_events_seen_total{hook="connect"} 17118
rwxwatch_kernel_events_filtered_total{hook="mprotect"} 19963
rwxwatch_kernel_events_filtered_total{hook="connect"} 16513
rwxwatch_kernel_events_emitted_total{hook="mprotect"} 652
rwxwatch_kernel_events_emitted_total{hook="connect"} 605
rwxwatch_kernel_events_aggregated_total{hook="mprotect"} 600137
rwxwatch_kernel_events_aggregated_total{hook="connect"} 0
rwxwatch_kernel_events_dropped_total{hook="mprotect",reason="ringbuf_full"} 3
rwxwatch_kernel_events_dropped_total{hook="connect",reason="ringbuf_full"} 1
rwxwatch_kernel_events_dropped_total{hook="mprotect",reason="state_full"} 0
rwxwatch_kernel_events_dropped_total{hook="connect",reason="state_full"} 0
rwxwatch_kernel_events_dropped_total{hook="mprotect",reason="read_failed"} 0
rwxwatch_kernel_events_dropped_total{hook="connect",reason="read_failed"} 2
rwxwatch_hook_attach_mode{hook="mprotect",mode="tracepoint"} 1
rwxwatch_hook_attach_mode{hook="connect",mode="tp_btf"} 1
rwxwatch_transport_batches_total 599
rwxwatch_transport_records_total 1250
rwxwatch_transport_lost_records_total 7
rwxwatch_correlator_keys 650
nodejs_heap_size_used_bytes 21361848
process_cpu_seconds_total 1.5
`;

describe('soak parsePrometheus', () => {
  it('reads names, labels and values and skips comments', () => {
    const samples = parsePrometheus(SCRAPE);

    expect(samples).toHaveLength(26);
    expect(samples[0]).toEqual({ name: 'rwxwatch_alerts_total', labels: {}, value: 605 });
    expect(samples[2]?.labels).toEqual({ sink: 'stdout[0]', outcome: 'written' });
  });

  it('unescapes quoted label values and skips malformed lines', () => {
    const text = 'm{a="say \\"hi\\"",b="x\\\\y"} 1\nnot a sample\nm{a="z"} twelve\n';

    const samples = parsePrometheus(text);

    expect(samples).toEqual([{ name: 'm', labels: { a: 'say "hi"', b: 'x\\y' }, value: 1 }]);
  });

  it('sums the samples that match every given label, NaN when the metric is absent', () => {
    const samples = parsePrometheus(SCRAPE);

    expect(sum(samples, 'rwxwatch_kernel_events_emitted_total')).toBe(1257);
    expect(sum(samples, 'rwxwatch_kernel_events_dropped_total', { hook: 'connect' })).toBe(3);
    expect(sum(samples, 'rwxwatch_no_such_metric')).toBeNaN();
  });
});

describe('soak summariseMetrics', () => {
  it('collects per-hook counters with their attach mode and drops by reason', () => {
    const summary = summariseMetrics(parsePrometheus(SCRAPE));

    expect(summary.hooks.map((h) => [h.hook, h.mode])).toEqual([
      ['mprotect', 'tracepoint'],
      ['connect', 'tp_btf'],
    ]);
    expect(summary.hooks[1]?.dropped).toEqual({ ringbuf_full: 1, state_full: 0, read_failed: 2 });
    expect(kernelDropped(summary.hooks)).toBe(6);
  });

  it('reads the transport, alert and process figures', () => {
    const summary = summariseMetrics(parsePrometheus(SCRAPE));

    expect(summary.transport).toEqual({ emitted: 1257, batches: 599, handed: 1250, lost: 7 });
    expect(summary.alertsTotal).toBe(605);
    expect(summary.overCap).toBe(2);
    expect(summary.sinkWritten).toBe(605);
    expect(summary.correlatorKeys).toBe(650);
    expect(summary.heapUsedBytes).toBe(21361848);
    expect(summary.cpuSeconds).toBe(1.5);
  });
});
