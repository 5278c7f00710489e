// Reads the sensor's debug log as it streams. Only two messages matter: `counters`
// (kernel totals, once per statsIntervalMs) and `batch decoded` (events per batch).
// Batch lines can come thousands a second, so they are read with a regex, not parsed.

export interface CounterSnapshot {
  timeMs: number;
  mprotectEmitted: number;
  /** Summed over every hook: any record the ring buffer had no room for. */
  ringbufFull: number;
  /** mprotect events the kernel only counted because the process had sent one lately. */
  mprotectAggregated: number;
}

interface HookCounters {
  emitted?: number;
  ringbufFull?: number;
  aggregated?: number;
}

const BATCH = /"time":(\d+).*"events":(\d+).*"msg":"batch decoded"/;
const EMPTY: CounterSnapshot = {
  timeMs: 0,
  mprotectEmitted: 0,
  ringbufFull: 0,
  mprotectAggregated: 0,
};

export class CounterLog {
  private snapshot: CounterSnapshot = EMPTY;
  private readonly batches: [timeMs: number, events: number][] = [];

  read(line: string): void {
    const batch = BATCH.exec(line);
    if (batch !== null) {
      this.batches.push([Number(batch[1]), Number(batch[2])]);
      return;
    }
    if (line.includes('"msg":"counters"')) this.snapshot = toSnapshot(JSON.parse(line));
  }

  /** The kernel's totals as of the last `counters` line. */
  latest(): CounterSnapshot {
    return this.snapshot;
  }

  /** Events decoded in batches logged within [fromMs, toMs]. */
  decodedBetween(fromMs: number, toMs: number): number {
    let events = 0;
    for (const [timeMs, count] of this.batches) {
      if (timeMs >= fromMs && timeMs <= toMs) events += count;
    }
    return events;
  }
}

function toSnapshot(line: {
  time: number;
  counters: Record<string, HookCounters>;
}): CounterSnapshot {
  const hooks = Object.values(line.counters);
  return {
    timeMs: line.time,
    mprotectEmitted: line.counters.mprotect?.emitted ?? 0,
    ringbufFull: hooks.reduce((sum, hook) => sum + (hook.ringbufFull ?? 0), 0),
    mprotectAggregated: line.counters.mprotect?.aggregated ?? 0,
  };
}
