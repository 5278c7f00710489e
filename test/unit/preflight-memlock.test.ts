import { afterEach, describe, expect, it } from 'vitest';
import { checkMemlock, readMemlock } from '../../src/preflight/memlock.js';
import { FakeHost } from './support/fake-host.js';

const OLD = { release: '5.10.0', major: 5, minor: 10 };
const NEW = { release: '5.11.0', major: 5, minor: 11 };

describe('readMemlock from a fake /proc/self/limits', () => {
  let host: FakeHost;

  afterEach(() => host.remove());

  it('reads soft and hard limits, numbers or unlimited', () => {
    host = new FakeHost().file(
      '/proc/self/limits',
      'Max open files  1024  4096  files\nMax locked memory  65536  unlimited  bytes\n',
    );

    const memlock = readMemlock(host.reader);

    expect(memlock).toEqual({ soft: 65536, hard: 'unlimited' });
  });

  it('is undefined without the file', () => {
    host = new FakeHost();

    expect(readMemlock(host.reader)).toBeUndefined();
  });
});

describe('checkMemlock on a kernel that charges BPF memory to the memcg', () => {
  it('passes whatever the limit', () => {
    const result = checkMemlock({ soft: 65536, hard: 65536 }, NEW);

    expect(result.status).toBe('pass');
    expect(result.facts).toEqual({ soft: 65536, hard: 65536, memcg: true });
  });
});

describe('checkMemlock on a kernel older than 5.11', () => {
  it('warns about a small limit with a ulimit hint', () => {
    const result = checkMemlock({ soft: 65536, hard: 65536 }, OLD);

    expect(result.status).toBe('warn');
    expect(result.summary).toContain('65536 bytes');
    expect(result.hint).toContain('ulimit -l unlimited');
  });

  it('passes an unlimited limit', () => {
    const result = checkMemlock({ soft: 'unlimited', hard: 'unlimited' }, OLD);

    expect(result.status).toBe('pass');
  });

  it('warns when the limit is unknown', () => {
    const result = checkMemlock(undefined, OLD);

    expect(result.status).toBe('warn');
    expect(result.facts).toEqual({ soft: null, hard: null, memcg: false });
  });
});
