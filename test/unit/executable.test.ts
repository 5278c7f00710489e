import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EXECUTABLE_CACHE_ENTRIES,
  ExecutableResolver,
  resolverForExclusions,
} from '../../src/events/executable.js';

let procRoot: string;

beforeEach(() => {
  procRoot = mkdtempSync(join(tmpdir(), 'rwxwatch-proc-'));
});

afterEach(() => {
  rmSync(procRoot, { recursive: true, force: true });
});

/** A fake /proc/<pid>/exe; the target need not exist, as for a deleted binary. */
function fakeProcess(pid: number, exe: string): void {
  const dir = join(procRoot, String(pid));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  symlinkSync(exe, join(dir, 'exe'));
}

function ref(pid: number, name = 'payload', startNs = 1_000n) {
  return { pid, startNs, name };
}

describe('ExecutableResolver reading a fake /proc', () => {
  it("returns the target of the process's exe link", () => {
    fakeProcess(321, '/usr/bin/payload');
    const resolver = new ExecutableResolver(procRoot);

    const path = resolver.resolve(ref(321));

    expect(path).toBe('/usr/bin/payload');
  });

  it('returns undefined for a process that is gone', () => {
    const resolver = new ExecutableResolver(procRoot);

    const path = resolver.resolve(ref(999));

    expect(path).toBeUndefined();
  });
});

describe('ExecutableResolver asked twice about one process', () => {
  it('answers from its cache while pid, start time and name are unchanged', () => {
    fakeProcess(321, '/usr/bin/first');
    const resolver = new ExecutableResolver(procRoot);
    resolver.resolve(ref(321));
    fakeProcess(321, '/usr/bin/second');

    const path = resolver.resolve(ref(321));

    expect(path).toBe('/usr/bin/first');
  });

  it('reads again for a reused pid, which has another start time', () => {
    fakeProcess(321, '/usr/bin/first');
    const resolver = new ExecutableResolver(procRoot);
    resolver.resolve(ref(321, 'payload', 1_000n));
    fakeProcess(321, '/usr/bin/second');

    const path = resolver.resolve(ref(321, 'payload', 2_000n));

    expect(path).toBe('/usr/bin/second');
  });

  it('reads again once the name changed, as it does on execve', () => {
    fakeProcess(321, '/usr/bin/java');
    const resolver = new ExecutableResolver(procRoot);
    resolver.resolve(ref(321, 'java'));
    fakeProcess(321, '/tmp/implant');

    const path = resolver.resolve(ref(321, 'implant'));

    expect(path).toBe('/tmp/implant');
  });

  it('reads again once the executable inode changed, even under the same name', () => {
    fakeProcess(321, '/usr/bin/java');
    const resolver = new ExecutableResolver(procRoot);
    resolver.resolve({ ...ref(321, 'java'), context: { exeIno: 100n } });
    fakeProcess(321, '/tmp/java');

    const path = resolver.resolve({ ...ref(321, 'java'), context: { exeIno: 200n } });

    expect(path).toBe('/tmp/java');
  });
});

describe('ExecutableResolver with a full cache', () => {
  it('evicts the least recently used process first', () => {
    for (const pid of [1, 2, 3]) fakeProcess(pid, `/old/${pid}`);
    const resolver = new ExecutableResolver(procRoot, 2);
    resolver.resolve(ref(1));
    resolver.resolve(ref(2));
    resolver.resolve(ref(1));
    resolver.resolve(ref(3));
    for (const pid of [1, 2, 3]) fakeProcess(pid, `/new/${pid}`);

    const paths = [1, 2, 3].map((pid) => resolver.resolve(ref(pid)));

    expect(paths[0]).toBe('/old/1');
    expect(paths[1]).toBe('/new/2');
    expect(resolver.size).toBe(2);
  });

  it('holds 1024 processes by default', () => {
    const resolver = new ExecutableResolver(procRoot);

    for (let pid = 1; pid <= 2000; pid += 1) resolver.resolve(ref(pid));

    expect(EXECUTABLE_CACHE_ENTRIES).toBe(1024);
    expect(resolver.size).toBe(1024);
  });
});

describe('ExecutableResolver reading the real /proc', () => {
  it("returns this process's own executable", () => {
    const resolver = new ExecutableResolver();

    const path = resolver.resolve(ref(process.pid, 'node'));

    expect(path).toBe(realpathSync(process.execPath));
  });
});

describe('resolverForExclusions', () => {
  it('builds no resolver when no executable is excluded', () => {
    const resolver = resolverForExclusions([]);

    expect(resolver).toBeUndefined();
  });

  it('builds a resolver when some executable is excluded', () => {
    fakeProcess(321, '/usr/sbin/nginx');

    const resolver = resolverForExclusions(['/usr/sbin/nginx'], procRoot);

    expect(resolver?.resolve(ref(321))).toBe('/usr/sbin/nginx');
  });
});
