import { describe, expect, it } from 'vitest';
import type { EcsAlert } from '../../src/alerts/ecs.js';
import type { AlertSink } from '../../src/alerts/sink.js';
import { SummarySink, summariseOnTerminal } from '../../src/log/summary-sink.js';

const ALERT = {
  event: { id: 'id-1' },
  rule: { name: 'rule' },
  process: { pid: 7, name: 'x' },
  destination: { ip: '198.51.100.2', port: 443 },
  network: { transport: 'tcp', type: 'ipv4' },
} as EcsAlert;

class MemorySink implements AlertSink {
  readonly alerts: EcsAlert[] = [];
  closed = false;

  write(alert: EcsAlert): void {
    this.alerts.push(alert);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function terminal(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (chunk: string) => chunks.push(chunk) > 0 };
}

describe('SummarySink writing an alert', () => {
  it('forwards the alert unchanged and writes one summary line', () => {
    const inner = new MemorySink();
    const err = terminal(true);
    const sink = new SummarySink(inner, err);

    sink.write(ALERT);

    expect(inner.alerts).toEqual([ALERT]);
    expect(err.chunks).toEqual([
      'ALERT rwx+connect pid=7 name="x" -> 198.51.100.2:443/tcp (rule "rule", id id-1)\n',
    ]);
  });

  it('closes the sink it wraps', async () => {
    const inner = new MemorySink();

    await new SummarySink(inner, terminal(true)).close();

    expect(inner.closed).toBe(true);
  });
});

describe('summariseOnTerminal', () => {
  it('wraps the sink when stderr is a terminal', () => {
    const inner = new MemorySink();

    const sink = summariseOnTerminal(inner, terminal(true));

    expect(sink).toBeInstanceOf(SummarySink);
  });

  it('returns the sink itself when stderr is piped', () => {
    const inner = new MemorySink();

    const sink = summariseOnTerminal(inner, terminal(false));

    expect(sink).toBe(inner);
  });
});
