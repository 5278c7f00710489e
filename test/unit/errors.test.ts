import { describe, expect, it } from 'vitest';
import {
  AddonNotFoundError,
  ConfigError,
  KernelError,
  PrivilegeError,
  RwxwatchError,
} from '../../src/errors.js';

describe('AddonNotFoundError', () => {
  it('carries its code, name and every path tried', () => {
    const tried = [{ path: '/a/rwxwatch.node', reason: 'Cannot find module' }];

    const error = new AddonNotFoundError(tried);

    expect(error.code).toBe('ADDON_NOT_FOUND');
    expect(error.name).toBe('AddonNotFoundError');
    expect(error.tried).toEqual(tried);
    expect(error.message).toContain('npm run build');
    expect(error).toBeInstanceOf(RwxwatchError);
  });
});

describe('KernelError', () => {
  it('carries the code, errno and hook it was given', () => {
    const error = new KernelError('BPF_ATTACH_FAILED', 'attach failed', 95, 'mprotect');

    expect(error.code).toBe('BPF_ATTACH_FAILED');
    expect(error.name).toBe('KernelError');
    expect(error.message).toBe('attach failed');
    expect(error.errno).toBe(95);
    expect(error.hook).toBe('mprotect');
  });

  it('leaves the hook undefined for a failure outside any hook', () => {
    const error = new KernelError('RINGBUF_FAILED', 'ring buffer failed', 12, undefined);

    expect(error.hook).toBeUndefined();
  });
});

describe('PrivilegeError', () => {
  it('carries its code, name, message and cause', () => {
    const cause = new Error('EPERM');

    const error = new PrivilegeError('run as root', { cause });

    expect(error.code).toBe('MISSING_PRIVILEGES');
    expect(error.name).toBe('PrivilegeError');
    expect(error.message).toBe('run as root');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('ConfigError', () => {
  it('carries the source and every issue, and lists them in its message', () => {
    const issues = ['lookbackMs: too small', 'bogus: unknown key'];

    const error = new ConfigError('/etc/rwxwatch.json', issues);

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.name).toBe('ConfigError');
    expect(error.source).toBe('/etc/rwxwatch.json');
    expect(error.issues).toEqual(issues);
    expect(error.message).toBe(
      'invalid configuration in /etc/rwxwatch.json: lookbackMs: too small; bogus: unknown key',
    );
  });
});
