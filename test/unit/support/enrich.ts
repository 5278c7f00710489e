// Matches and kernel contexts for enrichment tests: the process 'payload' (pid 4242)
// whose parent is 'bash' (pid 900), as the kernel would have reported them.
import type { Match } from '../../../src/correlate/types.js';
import type { KernelContext, MprotectEvent } from '../../../src/events/types.js';
import { connectEvent, mprotectEvent } from './events.js';
import type { FakeProcess } from './fake-proc.js';

export const HOST_ID = '0123456789abcdef0123456789abcdef';
export const CONTAINER_ID = '3f9c2a71e4b8d05c6a1f7e2b9d4c8a03f5e6b7c8d9a0b1c2d3e4f5a6b7c8d9e0';
export const POD_UID = '8d0a3c1e-5b7f-4e29-9c61-2f3a4b5c6d7e';
export const POD_CGROUP =
  '/kubepods.slice/kubepods-burstable.slice/' +
  `kubepods-burstable-pod${POD_UID.replaceAll('-', '_')}.slice/` +
  `cri-containerd-${CONTAINER_ID}.scope`;

export const SHELL: FakeProcess = {
  pid: 900,
  name: 'bash',
  ppid: 1,
  startNs: 1_000_000_000n,
  exe: '/usr/bin/bash',
  cwd: '/root',
  cmdline: ['-bash'],
};

export const PAYLOAD: FakeProcess = {
  pid: 4242,
  name: 'payload',
  ppid: 900,
  startNs: 5_000_000_000n,
  exe: '/tmp/.x/payload',
  cwd: '/tmp/.x',
  cmdline: ['./payload', '--beacon', '198.51.100.1'],
  cgroup: `0::${POD_CGROUP}\n`,
};

export function kernelContext(overrides: Partial<KernelContext> = {}): KernelContext {
  return {
    ppid: 900,
    euid: 0,
    egid: 0,
    nsPid: 7,
    pidnsIno: 4026532555,
    exeDev: 2049,
    exeIno: 131_077n,
    exeName: 'payload',
    cgroupId: 8_888n,
    ...overrides,
  };
}

/** The mprotect of PAYLOAD, with the kernel's context unless a test removes it. */
export function payloadEvent(overrides: Partial<MprotectEvent> = {}): MprotectEvent {
  return mprotectEvent({
    pid: PAYLOAD.pid,
    startNs: PAYLOAD.startNs,
    name: PAYLOAD.name,
    uid: 1000,
    gid: 1000,
    context: kernelContext(),
    ...overrides,
  });
}

export function matchOf(mprotect: MprotectEvent, connectStartNs = mprotect.startNs): Match {
  const connect = connectEvent({
    pid: mprotect.pid,
    startNs: connectStartNs,
    name: mprotect.name,
  });

  return {
    key: { hostId: HOST_ID, pid: mprotect.pid, name: mprotect.name },
    mprotect,
    connect,
    mprotectCount: 1,
    connectCount: 1,
    foldedMatches: 0,
  };
}
