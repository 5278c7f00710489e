// The alert document rwxwatch emits: plain JSON, every object nested, ECS field names
// plus an `rwxwatch` object for what ECS has no field for.
import type { Threat } from '../rules/rwx-network.js';

interface ThreadRef {
  id: number;
  name: string;
}

interface Endpoint {
  ip: string;
  port: number;
}

export interface EcsAlert {
  '@timestamp': string;
  event: {
    kind: 'alert';
    category: string[];
    type: string[];
    module: 'rwxwatch';
    dataset: 'rwxwatch.alert';
    severity: number;
    risk_score: number;
    id: string;
    /** Earlier and later of the two events of the pair. */
    start: string;
    end: string;
  };
  rule: { id: string; uuid: string; name: string; ruleset: 'rwxwatch'; category: string };
  kibana: { alert: { severity: string; risk_score: number } };
  threat: Threat[];
  host: { id: string; name: string };
  process: { pid: number; name: string; thread: ThreadRef };
  user: { id: string };
  /** `port` is absent when the kernel had not chosen it yet (see ecs.ts). */
  source: { ip: string; port?: number };
  destination: Endpoint;
  network: { transport: 'tcp' | 'udp'; type: 'ipv4' | 'ipv6' };
  rwxwatch: {
    mprotect: {
      '@timestamp': string;
      /** Hex without 0x. */
      address: string;
      /** A string only when it exceeds JSON's safe integer range. */
      length: number | string;
      /** Hex without 0x, e.g. '7'. */
      prot: string;
      return_value: number;
      syscall: 'mprotect' | 'pkey_mprotect' | 'mmap';
      thread: ThreadRef;
    };
    connection: { '@timestamp': string; thread: ThreadRef };
    counts: { mprotect: number; connection: number; folded_matches: number };
  };
}
