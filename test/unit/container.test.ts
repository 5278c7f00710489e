import { describe, expect, it } from 'vitest';
import { placementOf } from '../../src/enrich/container.js';
import type { ContainerPlacement } from '../../src/enrich/types.js';

// Fixture ids in the shapes runtimes use: 64 hex digits, and a pod UID in both spellings.
const ID = '3f9c2a71e4b8d05c6a1f7e2b9d4c8a03f5e6b7c8d9a0b1c2d3e4f5a6b7c8d9e0';
const OUTER = 'b1d2c3e4f5a60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a';
const POD = '8d0a3c1e-5b7f-4e29-9c61-2f3a4b5c6d7e';
const POD_SYSTEMD = POD.replaceAll('-', '_');

interface Case {
  layout: string;
  path: string;
  expected: ContainerPlacement | undefined;
}

const CONTAINERS: Case[] = [
  {
    layout: 'docker, cgroupfs driver',
    path: `/docker/${ID}`,
    expected: { containerId: ID, runtime: 'docker' },
  },
  {
    layout: 'docker, systemd driver',
    path: `/system.slice/docker-${ID}.scope`,
    expected: { containerId: ID, runtime: 'docker' },
  },
  {
    layout: 'docker running systemd inside the container',
    path: `/system.slice/docker-${ID}.scope/init.scope`,
    expected: { containerId: ID, runtime: 'docker' },
  },
  {
    layout: 'docker seen from a sensor in its own cgroup namespace',
    path: `/../../system.slice/docker-${ID}.scope`,
    expected: { containerId: ID, runtime: 'docker' },
  },
  {
    layout: 'podman, rootful',
    path: `/machine.slice/libpod-${ID}.scope`,
    expected: { containerId: ID, runtime: 'podman' },
  },
  {
    layout: 'podman, rootless',
    path: `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope`,
    expected: { containerId: ID, runtime: 'podman' },
  },
  {
    layout: 'podman, cgroupfs driver',
    path: `/libpod_parent/libpod-${ID}`,
    expected: { containerId: ID, runtime: 'podman' },
  },
];

const PODS: Case[] = [
  {
    layout: 'kubernetes, systemd driver, containerd, burstable',
    path:
      '/kubepods.slice/kubepods-burstable.slice/' +
      `kubepods-burstable-pod${POD_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    expected: { containerId: ID, runtime: 'containerd', podUid: POD },
  },
  {
    layout: 'kubernetes, systemd driver, cri-o, guaranteed',
    path: `/kubepods.slice/kubepods-pod${POD_SYSTEMD}.slice/crio-${ID}.scope`,
    expected: { containerId: ID, runtime: 'cri-o', podUid: POD },
  },
  {
    layout: 'kubernetes, cgroupfs driver, besteffort',
    path: `/kubepods/besteffort/pod${POD}/${ID}`,
    expected: { containerId: ID, podUid: POD },
  },
  {
    layout: 'kubernetes, cgroupfs driver, cri-o',
    path: `/kubepods/burstable/pod${POD}/crio-${ID}`,
    expected: { containerId: ID, runtime: 'cri-o', podUid: POD },
  },
  {
    layout: 'kind: a pod inside a docker container',
    path:
      `/system.slice/docker-${OUTER}.scope/kubelet.slice/kubelet-kubepods.slice/` +
      'kubelet-kubepods-besteffort.slice/' +
      `kubelet-kubepods-besteffort-pod${POD_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    expected: { containerId: ID, runtime: 'containerd', podUid: POD },
  },
  {
    layout: "cri-o's conmon, in the pod but outside the container",
    path: `/kubepods.slice/kubepods-pod${POD_SYSTEMD}.slice/crio-conmon-${ID}.scope`,
    expected: { podUid: POD },
  },
];

const NONE: Case[] = [
  { layout: 'the root cgroup', path: '/', expected: undefined },
  {
    layout: 'a login session',
    path: '/user.slice/user-1000.slice/session-3.scope',
    expected: undefined,
  },
  {
    layout: "podman's conmon",
    path: `/machine.slice/libpod-conmon-${ID}.scope`,
    expected: undefined,
  },
  { layout: 'a service', path: '/system.slice/nginx.service', expected: undefined },
  {
    layout: 'a pod-like name outside kubepods',
    path: `/system.slice/pod${POD}/worker`,
    expected: undefined,
  },
  { layout: 'a 63-digit id', path: `/docker/${ID.slice(1)}`, expected: undefined },
];

describe('placementOf for container runtimes', () => {
  it.each(CONTAINERS)('finds the container of $layout', ({ path, expected }) => {
    const placement = placementOf(path);

    expect(placement).toEqual(expected);
  });
});

describe('placementOf for Kubernetes pods', () => {
  it.each(PODS)('finds the pod UID of $layout', ({ path, expected }) => {
    const placement = placementOf(path);

    expect(placement).toEqual(expected);
  });
});

describe('placementOf for processes outside containers', () => {
  it.each(NONE)('places nothing for $layout', ({ path }) => {
    const placement = placementOf(path);

    expect(placement).toBeUndefined();
  });
});
