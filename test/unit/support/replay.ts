// Runs a replay in memory: files in, alerts and log lines out.
import type { EcsAlert } from '../../../src/alerts/ecs.js';
import type { AlertSink } from '../../../src/alerts/sink.js';
import { loadConfig } from '../../../src/config/load.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { readInputs } from '../../../src/replay/reader.js';
import { replayEvents } from '../../../src/replay/replay.js';
import { memoryLogger } from './log.js';

export const FIXTURES = new URL('../../fixtures/replay/', import.meta.url).pathname;
export const LOCAL_HOST = { id: 'local-machine-id', name: 'local-host' };

export class CollectingSink implements AlertSink {
  readonly alerts: EcsAlert[] = [];

  write(alert: EcsAlert): void {
    this.alerts.push(alert);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export interface ReplayRunOptions {
  overrides?: ConfigInput;
  hostId?: string;
}

export async function replayFiles(files: string[], options: ReplayRunOptions = {}) {
  const { log, lines } = memoryLogger();
  const config = loadConfig(undefined, options.overrides ?? {});
  const sink = new CollectingSink();

  const input = await readInputs(files, log);
  const stats = replayEvents(input.events, {
    config,
    hostId: options.hostId,
    localHost: LOCAL_HOST,
    sink,
    log,
  });
  return { alerts: sink.alerts, stats, input, lines };
}
