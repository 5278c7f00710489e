import { afterEach, describe, expect, it } from 'vitest';
import { readKernelConfig } from '../../src/preflight/kernel-config.js';
import { findTracefs } from '../../src/preflight/tracefs.js';
import { checkTracepoints } from '../../src/preflight/tracepoints.js';
import { FakeHost, TRACEFS_MOUNT } from './support/fake-host.js';

let host: FakeHost;

afterEach(() => host.remove());

function tracepoints(kprobesAvailable: boolean) {
  const config = readKernelConfig(host.reader, undefined);
  return checkTracepoints(host.reader, findTracefs(host.reader), config, kprobesAvailable);
}

describe('checkTracepoints with both events in mounted tracefs', () => {
  it('passes and lists each event as present', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', `${TRACEFS_MOUNT}\n`)
      .tracepoint('syscalls/sys_enter_mprotect')
      .tracepoint('sock/inet_sock_set_state');

    const result = tracepoints(false);

    expect(result.status).toBe('pass');
    expect(result.facts).toEqual({
      tracefs: '/sys/kernel/tracing',
      mounted: true,
      events: {
        'syscalls:sys_enter_mprotect': 'present',
        'sock:inet_sock_set_state': 'present',
      },
    });
  });
});

describe('checkTracepoints with the syscall event missing', () => {
  it('fails without kprobes, hinting CONFIG_FTRACE_SYSCALLS', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', `${TRACEFS_MOUNT}\n`)
      .tracepoint('sock/inet_sock_set_state');

    const result = tracepoints(false);

    expect(result.status).toBe('fail');
    expect(result.summary).toBe('tracepoint syscalls:sys_enter_mprotect absent');
    expect(result.hint).toBe('install a kernel with CONFIG_FTRACE_SYSCALLS');
  });

  it('only warns when kprobes can attach instead', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', `${TRACEFS_MOUNT}\n`)
      .tracepoint('sock/inet_sock_set_state');

    const result = tracepoints(true);

    expect(result.status).toBe('warn');
  });
});

describe('checkTracepoints with tracefs not mounted', () => {
  it('warns that the sensor mounts it, with the mount command', () => {
    host = new FakeHost().file('/proc/self/mounts', 'proc /proc proc rw 0 0\n');

    const result = tracepoints(false);

    expect(result.status).toBe('warn');
    expect(result.summary).toMatch(/^tracefs not mounted; the sensor mounts it at /);
    expect(result.summary).toContain('/sys/kernel/tracing');
    expect(result.hint).toContain('mount -t tracefs tracefs /sys/kernel/tracing');
    expect(result.facts).toMatchObject({ tracefs: null, mounted: false });
  });

  it('fails when the kernel config has no syscall tracepoints and kprobes are absent', () => {
    host = new FakeHost().kernelConfigGz(['# CONFIG_FTRACE_SYSCALLS is not set']);

    const result = tracepoints(false);

    expect(result.status).toBe('fail');
  });
});
