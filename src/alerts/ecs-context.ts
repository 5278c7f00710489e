// The enriched part of an alert: process identity, user, container and host details,
// from the contexts the enricher (src/enrich) and the host reader (src/host) produce.
// Absent values are left out, never written as null; what is missing and why is listed
// in rwxwatch.enrichment.missing instead.
import type { AlertProcessContext } from '../enrich/types.js';
import type { HostContext } from '../host/host-info.js';
import type {
  EcsAlert,
  EcsHost,
  EcsProcess,
  RwxwatchEnrichment,
  RwxwatchProcess,
} from './ecs-alert.js';

export type ContextKeys = 'user' | 'group' | 'container' | 'orchestrator' | 'kubernetes';

export function hostFields(host: HostContext): EcsHost {
  const { id, name, os, ip, architecture } = host;

  return defined({ id, name, os: os && defined(os), ip, architecture });
}

export function processFields(base: EcsProcess, ctx: AlertProcessContext): EcsProcess {
  return defined({
    ...base,
    entity_id: ctx.entityId,
    start: ctx.start,
    executable: ctx.executable,
    // Copies, so a sink that changes an alert cannot change the cached snapshot.
    args: ctx.args && [...ctx.args],
    args_count: ctx.argsCount,
    working_directory: ctx.workingDirectory,
    vpid: ctx.vpid,
    parent: ctx.parent && defined(ctx.parent),
  });
}

export function contextFields(ctx: AlertProcessContext): Pick<EcsAlert, ContextKeys> {
  const { user, effectiveUser, effectiveGroup, podUid } = ctx;
  const effective = effectiveUser && defined({ ...effectiveUser, group: effectiveGroup });

  return defined({
    user: defined({ ...user, effective: effective && defined(effective) }),
    group: defined(ctx.group),
    container: ctx.container && defined(ctx.container),
    orchestrator: podUid === undefined ? undefined : podOrchestrator(podUid),
    kubernetes: podUid === undefined ? undefined : { pod: { uid: podUid } },
  });
}

function podOrchestrator(podUid: string): EcsAlert['orchestrator'] {
  return { type: 'kubernetes', resource: { type: 'pod', id: podUid } };
}

type RwxwatchContext = Pick<EcsAlert['rwxwatch'], 'process' | 'enrichment'>;

export function rwxwatchContextFields(ctx: AlertProcessContext): RwxwatchContext {
  return defined({ process: rwxwatchProcess(ctx), enrichment: enrichmentFields(ctx) });
}

// Without the kernel's context (replayed events) only the cgroup path may remain.
function rwxwatchProcess(ctx: AlertProcessContext): RwxwatchProcess | undefined {
  const { kernel, cgroupPath } = ctx;
  if (kernel === undefined) {
    return cgroupPath === undefined ? undefined : { cgroup: { path: cgroupPath } };
  }

  return {
    executable: {
      name: kernel.executableName,
      device: kernel.executableDevice,
      inode: kernel.executableInode,
    },
    pid_namespace: { inode: kernel.pidNamespaceInode },
    cgroup: defined({ id: kernel.cgroupId, path: cgroupPath }),
  };
}

function enrichmentFields(ctx: AlertProcessContext): RwxwatchEnrichment {
  const { readOn, readAtMs, missing } = ctx.enrichment;

  return defined({
    read_on: readOn,
    read_at: new Date(readAtMs).toISOString(),
    args_truncated: ctx.argsTruncated,
    missing: missing.map((entry) => ({ field: entry.field, reason: entry.reason })),
  });
}

// One level only: nested objects are passed through defined() where they are built.
function defined<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, child]) => child !== undefined);

  return Object.fromEntries(entries) as T;
}
