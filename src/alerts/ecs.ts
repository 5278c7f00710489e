// Turns a correlator match into an ECS document shaped like the alerts Kibana writes for
// the upstream rule. Every object is nested (no dotted keys) and names from monitored
// processes only ever appear as string values, never as keys, so a hostile comm cannot
// reshape the document.
import type { Match } from '../correlate/types.js';
import type { AlertProcessContext } from '../enrich/types.js';
import type { HostContext } from '../host/host-info.js';
import { judgedIpKind } from '../net/classify.js';
import {
  RULE_CATEGORY,
  RULE_ID,
  RULE_NAME,
  RULE_RISK_SCORE,
  RULE_SEVERITY,
  RULE_THREAT,
  type Threat,
} from '../rules/rwx-network.js';
import type { LossInWindow } from '../sensor/loss-ledger.js';
import type { EcsAlert } from './ecs-alert.js';
import {
  type ContextKeys,
  contextFields,
  hostFields,
  processFields,
  rwxwatchContextFields,
} from './ecs-context.js';

export type { EcsAlert } from './ecs-alert.js';

export interface AlertContext {
  /** id and name always; OS, addresses and architecture when the sensor read them. */
  host: HostContext;
  nowMs: number;
  /** Unique id of this alert, becomes event.id. */
  id: string;
  /** Who did it (src/enrich); without it the alert names pid, name and ids only. */
  process?: AlertProcessContext;
  /** Events the sensor lost in the alert's look-back (src/sensor/loss-ledger.ts). */
  loss?: LossInWindow;
}

const CATEGORIES = ['malware', 'intrusion_detection', 'network', 'process'];
const TYPES = ['info', 'connection'];

export function buildAlert(match: Match, ctx: AlertContext): EcsAlert {
  const { mprotect, connect } = match;
  const times = [mprotect.timeMs, connect.timeMs];

  return {
    '@timestamp': iso(ctx.nowMs),
    event: {
      kind: 'alert',
      category: [...CATEGORIES],
      type: [...TYPES],
      module: 'rwxwatch',
      dataset: 'rwxwatch.alert',
      severity: RULE_RISK_SCORE,
      risk_score: RULE_RISK_SCORE,
      id: ctx.id,
      start: iso(Math.min(...times)),
      end: iso(Math.max(...times)),
    },
    rule: {
      id: RULE_ID,
      uuid: RULE_ID,
      name: RULE_NAME,
      ruleset: 'rwxwatch',
      category: RULE_CATEGORY,
    },
    kibana: { alert: { severity: RULE_SEVERITY, risk_score: RULE_RISK_SCORE } },
    threat: RULE_THREAT.map((entry): Threat => structuredClone(entry)),
    host: hostFields(ctx.host),
    ...subjectFields(match, ctx.process),
    rwxwatch: { ...rwxwatchFields(match, ctx.process), ...lossFields(ctx.loss) },
  };
}

type SubjectKeys = 'process' | 'user' | 'source' | 'destination' | 'network' | ContextKeys;

function subjectFields(match: Match, who?: AlertProcessContext): Pick<EcsAlert, SubjectKeys> {
  const { key, mprotect, connect } = match;
  // Judged like the rule judges it: a mapped IPv6 destination is IPv4.
  const networkType = judgedIpKind(connect.destinationIp) ?? `ipv${connect.family}`;
  const source = sourceEndpoint(connect);
  const process = {
    pid: key.pid,
    name: key.name,
    thread: { id: mprotect.tid, name: mprotect.threadName },
    // Without enrichment (replay), the executable an input named is still worth showing.
    ...(who === undefined &&
      mprotect.executable !== undefined && {
        executable: mprotect.executable,
      }),
  };

  return {
    process: who === undefined ? process : processFields(process, who),
    user: { id: String(mprotect.uid) },
    ...(who === undefined && { group: { id: String(mprotect.gid) } }),
    ...(who === undefined ? {} : contextFields(who)),
    ...(source && { source }),
    destination: { ip: connect.destinationIp, port: connect.destinationPort },
    network: { transport: connect.transport, type: networkType },
  };
}

// In the tracepoint modes the connect is recorded as the socket enters SYN_SENT, before
// the kernel has chosen the source port (bpf/connect.bpf.c). A 0 there means "not known
// yet", so the field is left out rather than claiming port 0.
// An empty sourceIp means the input had none (src/replay): no source is claimed at all.
function sourceEndpoint(connect: Match['connect']): EcsAlert['source'] {
  if (connect.sourceIp === '') {
    return undefined;
  }
  if (connect.sourcePort === 0) {
    return { ip: connect.sourceIp };
  }

  return { ip: connect.sourceIp, port: connect.sourcePort };
}

function rwxwatchFields(match: Match, who?: AlertProcessContext): EcsAlert['rwxwatch'] {
  const { mprotect, connect } = match;
  const connection = who?.connectionEntityId;

  return {
    mprotect: {
      '@timestamp': iso(mprotect.timeMs),
      address: mprotect.addr.toString(16),
      length: jsonInteger(mprotect.len),
      prot: mprotect.prot.toString(16),
      return_value: mprotect.ret,
      syscall: mprotect.syscall,
      thread: { id: mprotect.tid, name: mprotect.threadName },
    },
    connection: {
      '@timestamp': iso(connect.timeMs),
      thread: { id: connect.tid, name: connect.threadName },
      ...(connection === undefined ? {} : { process: { entity_id: connection } }),
    },
    counts: {
      mprotect: match.mprotectCount,
      connection: match.connectCount,
      folded_matches: match.foldedMatches,
      ...(match.kernelCounts && {
        kernel: { mprotect: match.kernelCounts.mprotect, connection: match.kernelCounts.connect },
      }),
    },
    ...aggregationFields(match),
    ...(who === undefined ? {} : rwxwatchContextFields(who)),
  };
}

// Set only when kernel aggregation made an event out of the look-back stand in for one
// the kernel counted but did not send (see src/correlate/correlator.ts).
function aggregationFields(match: Match): Pick<EcsAlert['rwxwatch'], 'aggregation'> {
  if (match.standIn === undefined) return {};

  const leg = match.standIn.leg === 'connect' ? 'connection' : 'mprotect';
  return { aggregation: { stand_in: leg, latest_at: iso(match.standIn.latestMs) } };
}

function lossFields(loss: LossInWindow | undefined): Pick<EcsAlert['rwxwatch'], 'loss'> {
  if (loss === undefined) return {};

  return {
    loss: {
      since: iso(loss.sinceMs),
      kernel_records: loss.kernel,
      transport_records: loss.transport,
      skipped_records: loss.decoder,
      evicted_processes: loss.evicted,
    },
  };
}

// JSON numbers lose precision past 2^53; larger lengths go out as decimal strings.
function jsonInteger(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
