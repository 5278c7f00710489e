import { afterEach, describe, expect, it } from 'vitest';
import { readKernelConfig } from '../../src/preflight/kernel-config.js';
import { checkKernel, readKernelVersion } from '../../src/preflight/kernel-version.js';
import { FakeHost } from './support/fake-host.js';

let host: FakeHost;

afterEach(() => host.remove());

describe('checkKernel on a host with a recent kernel', () => {
  it('passes and reports the release', () => {
    host = new FakeHost().file('/proc/sys/kernel/osrelease', '6.18.44-fc\n');

    const result = checkKernel(readKernelVersion(host.reader));

    expect(result.status).toBe('pass');
    expect(result.facts).toEqual({ release: '6.18.44-fc' });
    expect(result.hint).toBeUndefined();
  });

  it('passes on exactly 5.8', () => {
    host = new FakeHost().file('/proc/sys/kernel/osrelease', '5.8.0\n');

    const result = checkKernel(readKernelVersion(host.reader));

    expect(result.status).toBe('pass');
  });
});

describe('checkKernel on a host older than 5.8', () => {
  it('fails with a hint to install a newer kernel', () => {
    host = new FakeHost().file('/proc/sys/kernel/osrelease', '4.19.0-27-amd64\n');

    const result = checkKernel(readKernelVersion(host.reader));

    expect(result.status).toBe('fail');
    expect(result.summary).toContain('4.19.0-27-amd64');
    expect(result.hint).toMatch(/5\.8 or later/);
  });
});

describe('checkKernel without a readable release', () => {
  it('warns with a null release', () => {
    host = new FakeHost();

    const result = checkKernel(readKernelVersion(host.reader));

    expect(result.status).toBe('warn');
    expect(result.facts).toEqual({ release: null });
  });
});

describe('readKernelConfig on a fake host', () => {
  it('reads set and unset options from /proc/config.gz', () => {
    host = new FakeHost().kernelConfigGz(['CONFIG_BPF=y', '# CONFIG_KPROBES is not set']);

    const config = readKernelConfig(host.reader, '6.1.0');

    expect(config.source).toBe('/proc/config.gz');
    expect(config.get('CONFIG_BPF')).toBe('y');
    expect(config.get('CONFIG_KPROBES')).toBe('n');
    expect(config.get('CONFIG_OTHER')).toBeUndefined();
  });

  it('falls back to /boot/config-<release>', () => {
    host = new FakeHost().file('/boot/config-6.1.0', 'CONFIG_KPROBES=y\n');

    const config = readKernelConfig(host.reader, '6.1.0');

    expect(config.source).toBe('/boot/config-6.1.0');
    expect(config.get('CONFIG_KPROBES')).toBe('y');
  });

  it('knows nothing when neither file exists or config.gz is corrupt', () => {
    host = new FakeHost();
    const none = readKernelConfig(host.reader, '6.1.0');
    host.file('/proc/config.gz', 'not gzip');

    const corrupt = readKernelConfig(host.reader, undefined);

    expect(none.source).toBeUndefined();
    expect(none.get('CONFIG_KPROBES')).toBeUndefined();
    expect(corrupt.get('CONFIG_KPROBES')).toBeUndefined();
  });
});
