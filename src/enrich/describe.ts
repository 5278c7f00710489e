// Turns what was read about a process (its snapshot) and what the kernel recorded at the
// event into the context of one alert. Values come from the kernel's record when it has
// them (they are from event time), from /proc otherwise; a field neither can supply is
// left out and listed in `missing` with its reason, never guessed.
import type { Match } from '../correlate/types.js';
import type { KernelContext } from '../events/types.js';
import type { Accounts } from './accounts.js';
import type { CgroupIndex } from './cgroup-index.js';
import { placementOf } from './container.js';
import { describeIdentity } from './describe-identity.js';
import { entityId, processStart } from './entity-id.js';
import { failed, found, MissingFields, REASON } from './missing.js';
import type { AlertProcessContext, Args, Cgroup, ProcessSnapshot, Read } from './types.js';

export interface DescribeInput {
  match: Match;
  bootToRealtimeNs: bigint;
  /** Read for the match's mprotect event: same pid, start time and name. */
  snapshot: ProcessSnapshot;
  accounts: Accounts;
  cgroups: CgroupIndex;
}

/** The process behind the match's mprotect event: the one the rule alerts on. */
export function describeProcess(input: DescribeInput): AlertProcessContext {
  const { match, snapshot } = input;
  const event = match.mprotect;
  const missing = new MissingFields();

  return {
    entityId: entityId(match.key.hostId, event.pid, event.startNs),
    start: processStart(event.startNs, input.bootToRealtimeNs),
    executable: missing.take('process.executable', snapshot.executable),
    ...argsFields(snapshot.args, missing),
    workingDirectory: missing.take('process.working_directory', snapshot.workingDirectory),
    parent: parentOf(snapshot, missing),
    ...kernelFields(event.context, missing),
    ...describeIdentity(event, input.accounts, missing),
    ...placementFields(cgroupOf(snapshot, event.context, input.cgroups), missing),
    connectionEntityId: otherConnectionProcess(match),
    enrichment: { readOn: snapshot.readOn, readAtMs: snapshot.readAtMs, missing: missing.list },
  };
}

type ArgsFields = Pick<AlertProcessContext, 'args' | 'argsCount' | 'argsTruncated'>;

function argsFields(read: Read<Args>, missing: MissingFields): ArgsFields {
  if (!read.ok) {
    missing.add('process.args', read.reason);
    missing.add('process.args_count', read.reason);
    return {};
  }

  const { values, count, truncated } = read.value;
  return {
    args: values,
    argsCount: missing.take('process.args_count', count),
    argsTruncated: truncated,
  };
}

// pid 0 is no process: pid 1 and kernel threads' parent, not worth an entry.
function parentOf(
  snapshot: ProcessSnapshot,
  missing: MissingFields,
): AlertProcessContext['parent'] {
  const pid = missing.take('process.parent', snapshot.parentPid);
  if (pid === undefined || pid === 0) return undefined;

  return {
    pid,
    name: missing.take('process.parent.name', snapshot.parentName),
    executable: missing.take('process.parent.executable', snapshot.parentExecutable),
  };
}

type KernelFields = Pick<AlertProcessContext, 'vpid' | 'kernel'>;

function kernelFields(context: KernelContext | undefined, missing: MissingFields): KernelFields {
  if (context === undefined) {
    missing.add('process.vpid', REASON.noKernelContext);
    return {};
  }

  const kernel = {
    executableName: context.exeName,
    executableDevice: String(context.exeDev),
    executableInode: String(context.exeIno),
    pidNamespaceInode: String(context.pidnsIno),
    cgroupId: String(context.cgroupId),
  };
  return { vpid: context.nsPid, kernel };
}

// An exited process's cgroup is usually still there; the kernel's cgroup id finds it.
function cgroupOf(
  snapshot: ProcessSnapshot,
  context: KernelContext | undefined,
  cgroups: CgroupIndex,
): Read<Cgroup> {
  if (snapshot.cgroup.ok || context === undefined) return snapshot.cgroup;

  const path = cgroups.pathOf(context.cgroupId);
  if (!path.ok) return failed(`${snapshot.cgroup.reason}; ${path.reason}`);
  return found({ path: path.value, placement: placementOf(path.value) });
}

type PlacementFields = Pick<AlertProcessContext, 'cgroupPath' | 'container' | 'podUid'>;

function placementFields(cgroup: Read<Cgroup>, missing: MissingFields): PlacementFields {
  if (!cgroup.ok) {
    missing.add('container.id', cgroup.reason);
    return {};
  }

  const { path, placement } = cgroup.value;
  const id = placement?.containerId;
  const container = id === undefined ? undefined : { id, runtime: placement?.runtime };
  return { cgroupPath: path, container, podUid: placement?.podUid };
}

// The rule joins the legs on pid and name, so a pid reused under the same name can pair
// two processes; the alert then names both.
function otherConnectionProcess(match: Match): string | undefined {
  const { mprotect, connect, key } = match;
  if (connect.startNs === mprotect.startNs) return undefined;

  return entityId(key.hostId, connect.pid, connect.startNs);
}
