import { afterEach, describe, expect, it } from 'vitest';
import { checkBtf } from '../../src/preflight/btf.js';
import { FakeHost } from './support/fake-host.js';

let host: FakeHost;

afterEach(() => host.remove());

describe('checkBtf with /sys/kernel/btf/vmlinux present', () => {
  it('passes', () => {
    host = new FakeHost().file('/sys/kernel/btf/vmlinux', 'BTF');

    const result = checkBtf(host.reader);

    expect(result.status).toBe('pass');
    expect(result.facts).toEqual({ path: '/sys/kernel/btf/vmlinux', state: 'present' });
  });
});

describe('checkBtf without kernel BTF', () => {
  it('fails with a hint naming CONFIG_DEBUG_INFO_BTF', () => {
    host = new FakeHost();

    const result = checkBtf(host.reader);

    expect(result.status).toBe('fail');
    expect(result.summary).toContain('absent');
    expect(result.hint).toBe('install a kernel with CONFIG_DEBUG_INFO_BTF');
  });
});
