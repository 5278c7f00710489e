// Decoded events with harmless defaults, for correlator and alert tests.
import type { ConnectEvent, KernelContext, MprotectEvent } from '../../../src/events/types.js';

/** 2024-01-01T00:00:00Z: a fixed wall-clock origin for fake clocks. */
export const T0_MS = Date.UTC(2024, 0, 1);

const NS_PER_MS = 1_000_000n;

// Kernel time follows wall time unless a test says otherwise, so ordering is consistent.
export function mprotectEvent(overrides: Partial<MprotectEvent> = {}): MprotectEvent {
  const timeMs = overrides.timeMs ?? T0_MS;

  return {
    kind: 'mprotect',
    ...common(timeMs),
    addr: 0x7f00_dead_b000n,
    len: 4096n,
    prot: 7n,
    ret: 0,
    syscall: 'mprotect',
    ...overrides,
  };
}

/** A kernel context with u64 fields past 2^53, for tests that carry it through a format. */
export function kernelContext(overrides: Partial<KernelContext> = {}): KernelContext {
  return {
    ppid: 1,
    euid: 0,
    egid: 0,
    nsPid: 7,
    pidnsIno: 4026531836,
    exeDev: 2049,
    exeIno: 1n << 60n,
    exeName: 'payload',
    cgroupId: 9n,
    ...overrides,
  };
}

export function connectEvent(overrides: Partial<ConnectEvent> = {}): ConnectEvent {
  const timeMs = overrides.timeMs ?? T0_MS;

  return {
    kind: 'connect',
    ...common(timeMs),
    tid: 4244,
    threadName: 'net',
    family: 4,
    transport: 'tcp',
    sourceIp: '10.0.0.5',
    sourcePort: 40000,
    destinationIp: '198.51.100.1',
    destinationPort: 443,
    ...overrides,
  };
}

function common(timeMs: number) {
  return {
    timeMs,
    ktimeNs: BigInt(timeMs) * NS_PER_MS,
    pid: 4242,
    tid: 4243,
    startNs: 1_000_000_000n,
    uid: 1000,
    gid: 1001,
    name: 'payload',
    threadName: 'worker',
  };
}
