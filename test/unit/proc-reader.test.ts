import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReadTarget, readProcess } from '../../src/enrich/proc-reader.js';
import { PAYLOAD, SHELL } from './support/enrich.js';
import { removeDir, tempDir, writeProcess } from './support/fake-proc.js';

const EXITED = { ok: false, reason: 'ENOENT: process exited' };
const REUSED = { ok: false, reason: 'PID_REUSED: a later process holds this pid' };

const TARGET: ReadTarget = { pid: 4242, startNs: 5_000_000_000n, name: 'payload', ppid: 900 };

let procRoot: string;

beforeEach(() => {
  procRoot = tempDir('proc');
  writeProcess(procRoot, SHELL);
});

afterEach(() => {
  removeDir(procRoot);
});

function read(target: ReadTarget = TARGET) {
  return readProcess({ procRoot, target, readOn: 'first_event', nowMs: 1234 });
}

describe('readProcess for a running process', () => {
  it('reads executable, args, working directory, cgroup and parent', () => {
    writeProcess(procRoot, PAYLOAD);

    const snapshot = read();

    expect(snapshot.executable).toEqual({ ok: true, value: '/tmp/.x/payload' });
    expect(snapshot.args).toEqual({
      ok: true,
      value: {
        values: ['./payload', '--beacon', '198.51.100.1'],
        count: { ok: true, value: 3 },
        truncated: false,
      },
    });
    expect(snapshot.workingDirectory).toEqual({ ok: true, value: '/tmp/.x' });
    expect(snapshot.cgroup.ok && snapshot.cgroup.value.placement?.runtime).toBe('containerd');
    expect(snapshot.parentPid).toEqual({ ok: true, value: 900 });
    expect(snapshot.parentName).toEqual({ ok: true, value: 'bash' });
    expect(snapshot.parentExecutable).toEqual({ ok: true, value: '/usr/bin/bash' });
    expect(snapshot).toMatchObject({ readOn: 'first_event', readAtMs: 1234, name: 'payload' });
  });

  it("takes the parent from /proc when the kernel's is not known", () => {
    writeProcess(procRoot, PAYLOAD);

    const snapshot = read({ ...TARGET, ppid: undefined });

    expect(snapshot.parentPid).toEqual({ ok: true, value: 900 });
    expect(snapshot.parentName).toEqual({ ok: true, value: 'bash' });
  });
});

describe('readProcess for a process that exited before the read', () => {
  it('marks every own field as exited and still reads the parent', () => {
    const snapshot = read();

    expect(snapshot.executable).toEqual(EXITED);
    expect(snapshot.args).toEqual(EXITED);
    expect(snapshot.workingDirectory).toEqual(EXITED);
    expect(snapshot.cgroup).toEqual(EXITED);
    expect(snapshot.parentName).toEqual({ ok: true, value: 'bash' });
  });

  it('marks the parent as exited too when neither the kernel nor /proc names it', () => {
    const snapshot = read({ ...TARGET, ppid: undefined });

    expect(snapshot.parentPid).toEqual(EXITED);
    expect(snapshot.parentName).toEqual(EXITED);
  });

  it('reports a zombie (no links, empty cmdline) field by field', () => {
    writeProcess(procRoot, { ...PAYLOAD, exe: undefined, cwd: undefined, cmdline: [] });

    const snapshot = read();

    expect(snapshot.executable).toEqual(EXITED);
    expect(snapshot.workingDirectory).toEqual(EXITED);
    expect(snapshot.args).toEqual({
      ok: false,
      reason: 'EMPTY_CMDLINE: kernel thread or exited process',
    });
  });
});

describe('readProcess for a pid that now belongs to someone else', () => {
  it('reads nothing of a later process that got the pid', () => {
    writeProcess(procRoot, { ...PAYLOAD, startNs: 9_000_000_000n });

    const snapshot = read();

    expect(snapshot.executable).toEqual(REUSED);
    expect(snapshot.args).toEqual(REUSED);
  });

  it('reads nothing of a process that ran another program since', () => {
    writeProcess(procRoot, { ...PAYLOAD, name: 'sh' });

    const snapshot = read();

    expect(snapshot.executable).toEqual({
      ok: false,
      reason: 'IMAGE_CHANGED: the process ran another program or renamed itself since',
    });
  });

  it('reads nothing of a parent pid that started after the child', () => {
    writeProcess(procRoot, PAYLOAD);
    rmSync(join(procRoot, '900'), { recursive: true });
    writeProcess(procRoot, { ...SHELL, startNs: 8_000_000_000n });

    const snapshot = read();

    expect(snapshot.parentName).toEqual(REUSED);
    expect(snapshot.parentExecutable).toEqual(REUSED);
  });
});

describe('readProcess for a process without a parent', () => {
  it('says so for ppid 0 without reading /proc/0', () => {
    writeProcess(procRoot, PAYLOAD);
    const noParent = {
      ok: false,
      reason: 'NO_PARENT: the process has no parent in this pid namespace',
    };

    const snapshot = read({ ...TARGET, ppid: 0 });

    expect(snapshot.parentName).toEqual(noParent);
  });
});
