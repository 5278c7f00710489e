import { afterEach, describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  checkPrivileges,
  effectiveCapabilities,
} from '../../src/preflight/privileges.js';
import { FakeHost, ROOT_CAPS } from './support/fake-host.js';

function caps(...names: (keyof typeof CAPABILITIES)[]): bigint {
  return names.reduce((set, name) => set | (1n << BigInt(CAPABILITIES[name])), 0n);
}

describe('effectiveCapabilities from a fake /proc/self/status', () => {
  let host: FakeHost;

  afterEach(() => host.remove());

  it('reads the CapEff mask', () => {
    host = new FakeHost().file('/proc/self/status', `Name:\tx\nCapEff:\t${ROOT_CAPS}\n`);

    const capEff = effectiveCapabilities(host.reader);

    expect(capEff).toBe(0x1ffffffffffn);
  });

  it('is undefined without the file', () => {
    host = new FakeHost();

    expect(effectiveCapabilities(host.reader)).toBeUndefined();
  });
});

describe('checkPrivileges as root with every capability', () => {
  it('passes', () => {
    const result = checkPrivileges(0, 0x1ffffffffffn);

    expect(result.status).toBe('pass');
    expect(result.facts).toMatchObject({ euid: 0, missing: [] });
  });
});

describe('checkPrivileges with only CAP_BPF and CAP_PERFMON', () => {
  it('warns naming what alerts miss, with a grant hint', () => {
    const result = checkPrivileges(1000, caps('CAP_BPF', 'CAP_PERFMON'));

    expect(result.status).toBe('warn');
    expect(result.hint).toBe('grant CAP_SYS_ADMIN,CAP_SYS_PTRACE,CAP_DAC_READ_SEARCH');
  });
});

describe('checkPrivileges with CAP_SYS_ADMIN alone', () => {
  it('does not fail: CAP_SYS_ADMIN covers loading on every kernel', () => {
    const result = checkPrivileges(1000, caps('CAP_SYS_ADMIN'));

    expect(result.status).toBe('warn');
  });
});

describe('checkPrivileges as an unprivileged user', () => {
  it('fails naming the missing capabilities, with the root hint', () => {
    const result = checkPrivileges(65534, 0n);

    expect(result.status).toBe('fail');
    expect(result.summary).toBe('euid 65534 lacks CAP_BPF,CAP_PERFMON');
    expect(result.hint).toBe('run as root or grant CAP_BPF,CAP_PERFMON');
  });

  it('fails when CapEff cannot be read', () => {
    const result = checkPrivileges(0, undefined);

    expect(result.status).toBe('fail');
  });
});
