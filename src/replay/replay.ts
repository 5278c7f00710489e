// Drives the live sensor's correlator with events read from files. The clock is the
// events' own time (clock.ts), expiry runs every statsIntervalMs of that time as the
// live sensor's timer does, and alerts are built and written as live ones are, with a
// deterministic id (alert-id.ts). One correlator per host: the rule samples by host.id.
import { buildAlert } from '../alerts/ecs.js';
import type { AlertSink } from '../alerts/sink.js';
import type { Config } from '../config/schema.js';
import type { Correlator } from '../correlate/correlator.js';
import { correlatorFromConfig } from '../correlate/from-config.js';
import type { CorrelatorStats, Match } from '../correlate/types.js';
import type { HostInfo } from '../host/host-info.js';
import type { Logger } from '../log/logger.js';
import { replayAlertId } from './alert-id.js';
import { EventClock } from './clock.js';
import { ReplayHosts } from './hosts.js';
import type { ReplayEvent } from './types.js';

export interface ReplayOptions {
  config: Config;
  /** `--host-id`: every event is taken as this host's. */
  hostId: string | undefined;
  /** This machine: the host of events whose input names none. */
  localHost: HostInfo;
  sink: AlertSink;
  log: Logger;
}

export interface ReplayStats {
  events: number;
  alerts: number;
  hosts: number;
  /** The correlators' counters (CorrelatorStats), summed over the hosts. */
  correlator: Record<string, number>;
}

/** Pushes events, oldest first, through the correlators; returns what happened. */
export function replayEvents(events: readonly ReplayEvent[], options: ReplayOptions): ReplayStats {
  const run = new ReplayRun(options, new ReplayHosts(events, options.hostId, options.localHost));

  for (const event of events) {
    run.push(event);
  }
  return run.finish();
}

class ReplayRun {
  private readonly clock = new EventClock();
  private readonly correlators = new Map<string, Correlator>();
  private lastExpiryMs = Number.NEGATIVE_INFINITY;
  private events = 0;
  private alerts = 0;

  constructor(
    private readonly options: ReplayOptions,
    private readonly hosts: ReplayHosts,
  ) {}

  push({ event, host }: ReplayEvent): void {
    this.events += 1;
    this.clock.advance(event.timeMs);
    this.expireWhenDue();

    const correlator = this.correlatorFor(this.hosts.idOf(host));
    for (const match of correlator.push(event)) {
      this.raise(match);
    }
  }

  finish(): ReplayStats {
    const correlator = sumStats([...this.correlators.values()].map((c) => c.stats()));
    const stats = { events: this.events, alerts: this.alerts, hosts: this.correlators.size };

    const overCap = correlator.overCap ?? 0;
    if (overCap > 0) {
      this.options.log.warn({ overCap }, 'alerts over the cap');
    }
    this.options.log.info({ ...stats, correlator }, 'replay finished');
    return { ...stats, correlator };
  }

  private expireWhenDue(): void {
    const nowMs = this.clock.now();
    if (nowMs - this.lastExpiryMs < this.options.config.statsIntervalMs) {
      return;
    }

    this.lastExpiryMs = nowMs;
    for (const correlator of this.correlators.values()) {
      correlator.expire();
    }
  }

  private correlatorFor(hostId: string): Correlator {
    let correlator = this.correlators.get(hostId);
    if (correlator === undefined) {
      correlator = correlatorFromConfig(this.options.config, hostId, this.clock.now);
      this.correlators.set(hostId, correlator);
    }

    return correlator;
  }

  private raise(match: Match): void {
    const host = { id: match.key.hostId, name: this.hosts.nameOf(match.key.hostId) };
    const alert = buildAlert(match, { host, nowMs: this.clock.now(), id: replayAlertId(match) });

    this.alerts += 1;
    this.options.sink.write(alert);
    this.options.log.info(
      { alertId: alert.event.id, process: { pid: match.key.pid } },
      'alert raised',
    );
  }
}

// Summed key by key, so counters the correlator adds later are summed too.
function sumStats(all: CorrelatorStats[]): Record<string, number> {
  const total: Record<string, number> = {};

  for (const stats of all) {
    for (const [name, value] of Object.entries(stats)) {
      total[name] = (total[name] ?? 0) + value;
    }
  }
  return total;
}
