import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cgroupOf, readCgroup } from '../../src/enrich/cgroup.js';
import type { Cgroup } from '../../src/enrich/types.js';
import { removeDir, tempDir } from './support/fake-proc.js';

const ID = '3f9c2a71e4b8d05c6a1f7e2b9d4c8a03f5e6b7c8d9a0b1c2d3e4f5a6b7c8d9e0';
const POD = '8d0a3c1e-5b7f-4e29-9c61-2f3a4b5c6d7e';
const K8S_SYSTEMD =
  '/kubepods.slice/kubepods-burstable.slice/' +
  `kubepods-burstable-pod${POD.replaceAll('-', '_')}.slice/cri-containerd-${ID}.scope`;

/** /proc/<pid>/cgroup of a process on a cgroup v1 host, one line per hierarchy. */
function v1File(path: string): string {
  const controllers = ['pids', 'memory', 'cpu,cpuacct', 'devices', 'name=systemd'];

  const lines = controllers.map((name, i) => `${controllers.length - i}:${name}:${path}`);

  return `${lines.join('\n')}\n`;
}

interface Case {
  layout: string;
  file: string;
  expected: Cgroup | undefined;
}

const FILES: Case[] = [
  {
    layout: 'v2, docker',
    file: `0::/system.slice/docker-${ID}.scope\n`,
    expected: {
      path: `/system.slice/docker-${ID}.scope`,
      placement: { containerId: ID, runtime: 'docker' },
    },
  },
  {
    layout: 'v2, kubernetes with the systemd driver',
    file: `0::${K8S_SYSTEMD}\n`,
    expected: {
      path: K8S_SYSTEMD,
      placement: { containerId: ID, runtime: 'containerd', podUid: POD },
    },
  },
  {
    layout: 'v1, docker with the cgroupfs driver',
    file: v1File(`/docker/${ID}`),
    expected: { path: `/docker/${ID}`, placement: { containerId: ID, runtime: 'docker' } },
  },
  {
    layout: 'v1, kubernetes with the cgroupfs driver',
    file: v1File(`/kubepods/burstable/pod${POD}/${ID}`),
    expected: {
      path: `/kubepods/burstable/pod${POD}/${ID}`,
      placement: { containerId: ID, podUid: POD },
    },
  },
  {
    layout: 'hybrid, where only the v1 controllers name the container',
    file: `${v1File(`/docker/${ID}`)}0::/\n`,
    expected: { path: `/docker/${ID}`, placement: { containerId: ID, runtime: 'docker' } },
  },
  {
    layout: 'v2, a host service',
    file: '0::/system.slice/sshd.service\n',
    expected: { path: '/system.slice/sshd.service' },
  },
  {
    layout: 'v1, a login session',
    file: v1File('/user.slice/user-1000.slice/session-2.scope'),
    expected: { path: '/user.slice/user-1000.slice/session-2.scope' },
  },
  {
    layout: 'v2, a path holding a colon',
    file: '0::/system.slice/app:blue.service\n',
    expected: { path: '/system.slice/app:blue.service' },
  },
];

describe('cgroupOf for each cgroup version', () => {
  it.each(FILES)('reports the path and placement for $layout', ({ file, expected }) => {
    const cgroup = cgroupOf(file);

    expect(cgroup).toEqual(expected);
  });
});

describe('cgroupOf for a file without cgroup lines', () => {
  it('reports nothing for an empty file or lines without fields', () => {
    const cgroups = [cgroupOf(''), cgroupOf('garbage\n\n')];

    expect(cgroups).toEqual([undefined, undefined]);
  });
});

describe('readCgroup on files that cannot be used', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir('cgroup');
  });

  afterEach(() => {
    removeDir(dir);
  });

  it('says the process exited when the file is gone', () => {
    const cgroup = readCgroup(join(dir, 'missing'));

    expect(cgroup).toEqual({ ok: false, reason: 'ENOENT: process exited' });
  });

  it('says the file is empty when it is', () => {
    writeFileSync(join(dir, 'cgroup'), '');

    const cgroup = readCgroup(join(dir, 'cgroup'));

    expect(cgroup).toEqual({ ok: false, reason: 'EMPTY_CGROUP: no cgroup lines' });
  });
});
