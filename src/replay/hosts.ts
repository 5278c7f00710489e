import type { HostInfo } from '../host/host-info.js';
import type { HostRef, ReplayEvent } from './types.js';

/**
 * Which host each replayed event belongs to. `--host-id` puts every event on one host;
 * otherwise an event keeps the host id its input names, and one that names none (audit
 * logs) is this machine's. A host's name is the first one the input gives for it, else
 * this machine's name for this machine, else its id.
 */
export class ReplayHosts {
  private readonly names = new Map<string, string>();

  constructor(
    events: readonly ReplayEvent[],
    private readonly override: string | undefined,
    private readonly local: HostInfo,
  ) {
    for (const { host } of events) {
      const id = this.idOf(host);
      if (host.name && !this.names.has(id)) {
        this.names.set(id, host.name);
      }
    }
  }

  idOf(host: HostRef): string {
    return this.override ?? (host.id || this.local.id);
  }

  nameOf(id: string): string {
    return this.names.get(id) ?? (id === this.local.id ? this.local.name : id);
  }
}
