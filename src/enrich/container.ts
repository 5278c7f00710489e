// Which container and pod a cgroup path belongs to. Runtimes name a container's cgroup
// after its 64-hex id, in one of these shapes (the last path segment that fits wins, so
// a container nested in another, like a kind node's pods, gets the inner one):
//
//   cgroupfs driver   /docker/<id>   /kubepods/burstable/pod<uid>/<id>   .../crio-<id>
//   systemd driver    docker-<id>.scope  cri-containerd-<id>.scope  crio-<id>.scope
//                     libpod-<id>.scope  kubepods-burstable-pod<uid_with_underscores>.slice
//
// The conmon monitors (libpod-conmon-<id>.scope, crio-conmon-<id>.scope) run outside
// their container and deliberately do not match.
//
// Limitation: LXC/LXD, systemd-nspawn, containerd without Kubernetes (/<namespace>/<id>)
// and other runtimes that do not use a 64-hex id are not recognised.
import type { ContainerPlacement, ContainerRuntime } from './types.js';

const PREFIXED_ID = /^(docker|cri-containerd|crio|libpod)-([0-9a-f]{64})(?:\.scope)?$/;
const BARE_ID = /^[0-9a-f]{64}$/;
const UID = '[0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12}';
// cgroupfs: pod<uid>; systemd: kubepods[-<qos>]-pod<uid>.slice with '_' for '-', under
// a prefix when the kubelet runs in a container itself (kind: kubelet-kubepods-...).
const POD = new RegExp(`(?:^|-)pod(${UID})(?:\\.slice)?$`);

const RUNTIMES: Readonly<Record<string, ContainerRuntime>> = {
  docker: 'docker',
  'cri-containerd': 'containerd',
  crio: 'cri-o',
  libpod: 'podman',
};

/** Container id, runtime and pod UID named by one cgroup path; undefined for none. */
export function placementOf(path: string): ContainerPlacement | undefined {
  const segments = path.split('/');
  const container = containerIn(segments);
  const podUid = podIn(segments);
  if (container === undefined && podUid === undefined) return undefined;

  return { ...container, ...(podUid === undefined ? {} : { podUid }) };
}

function containerIn(segments: string[]): ContainerPlacement | undefined {
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const segment = segments[i] ?? '';
    const prefixed = PREFIXED_ID.exec(segment);
    if (prefixed !== null) {
      return { containerId: prefixed[2], runtime: RUNTIMES[prefixed[1] ?? ''] };
    }

    // A bare id names its runtime only through Docker's cgroupfs parent.
    if (BARE_ID.test(segment)) {
      return segments[i - 1] === 'docker'
        ? { containerId: segment, runtime: 'docker' }
        : { containerId: segment };
    }
  }
  return undefined;
}

// Pods exist only under the kubelet's kubepods hierarchy; elsewhere a pod<uid> segment
// is someone else's naming.
function podIn(segments: string[]): string | undefined {
  if (!segments.some((segment) => segment.includes('kubepods'))) return undefined;

  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const match = POD.exec(segments[i] ?? '');
    if (match?.[1] !== undefined) return match[1].replaceAll('_', '-');
  }
  return undefined;
}
