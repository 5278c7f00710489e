import { afterEach, describe, expect, it } from 'vitest';
import { readKernelConfig } from '../../src/preflight/kernel-config.js';
import { checkKprobes } from '../../src/preflight/kprobes.js';
import { findTracefs } from '../../src/preflight/tracefs.js';
import { FakeHost, TRACEFS_MOUNT } from './support/fake-host.js';

let host: FakeHost;

afterEach(() => host.remove());

function kprobes() {
  const config = readKernelConfig(host.reader, '6.1.0');
  return checkKprobes(host.reader, findTracefs(host.reader), config);
}

describe('checkKprobes with kprobe_events in tracefs and CONFIG_KPROBES=y', () => {
  it('passes', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', `${TRACEFS_MOUNT}\n`)
      .file('/sys/kernel/tracing/kprobe_events', '')
      .kernelConfigGz(['CONFIG_KPROBES=y']);

    const result = kprobes();

    expect(result.status).toBe('pass');
    expect(result.facts).toEqual({ available: true, kprobeEvents: 'present', config: 'y' });
  });
});

describe('checkKprobes under debugfs only', () => {
  it('finds kprobe_events in /sys/kernel/debug/tracing', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', 'debugfs /sys/kernel/debug debugfs rw 0 0\n')
      .file('/sys/kernel/debug/tracing/kprobe_events', '');

    const result = kprobes();

    expect(result.status).toBe('pass');
    expect(result.facts).toMatchObject({ available: true, config: undefined });
  });
});

describe('checkKprobes on a kernel built without kprobes', () => {
  it('warns that hooks use tracepoints, naming CONFIG_KPROBES', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', `${TRACEFS_MOUNT}\n`)
      .dir('/sys/kernel/tracing')
      .kernelConfigGz(['# CONFIG_KPROBES is not set']);

    const result = kprobes();

    expect(result.status).toBe('warn');
    expect(result.summary).toBe('kprobes unavailable (CONFIG_KPROBES is not set)');
    expect(result.hint).toContain('CONFIG_KPROBES=y');
    expect(result.facts).toEqual({ available: false, kprobeEvents: 'absent', config: 'n' });
  });

  it('warns when kprobe_events is absent and the config is unknown', () => {
    host = new FakeHost()
      .file('/proc/self/mounts', `${TRACEFS_MOUNT}\n`)
      .dir('/sys/kernel/tracing');

    const result = kprobes();

    expect(result.status).toBe('warn');
    expect(result.summary).toContain('no kprobe_events');
  });
});

describe('checkKprobes with neither tracefs nor a kernel config', () => {
  it('warns that it cannot tell, with a mount hint', () => {
    host = new FakeHost();

    const result = kprobes();

    expect(result.status).toBe('warn');
    expect(result.facts).toMatchObject({ available: null, kprobeEvents: 'no tracefs' });
    expect(result.hint).toContain('mount -t tracefs tracefs /sys/kernel/tracing');
  });
});
