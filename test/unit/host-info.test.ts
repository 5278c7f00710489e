import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, machine, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MACHINE_ID_PATHS,
  machineIdPaths,
  readHostContext,
  readHostInfo,
} from '../../src/host/host-info.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-host-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function idFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readHostInfo with a machine-id file', () => {
  it('uses the trimmed machine-id as host.id and says which file it came from', () => {
    const path = idFile('machine-id', '  0123456789abcdef0123456789abcdef\n');

    const host = readHostInfo([path]);

    expect(host).toEqual({
      id: '0123456789abcdef0123456789abcdef',
      name: hostname(),
      idSource: path,
    });
  });

  it('prefers the first path that holds an id', () => {
    const first = idFile('first', 'aaa\n');
    const second = idFile('second', 'bbb\n');

    const host = readHostInfo([first, second]);

    expect(host.id).toBe('aaa');
  });
});

describe('readHostInfo when the first path does not help', () => {
  it('falls back to the next path when the first is missing', () => {
    const next = idFile('dbus-machine-id', 'feedface\n');

    const host = readHostInfo([join(dir, 'missing'), next]);

    expect(host).toMatchObject({ id: 'feedface', idSource: next });
  });

  it('falls back to the next path when the first is empty', () => {
    const empty = idFile('empty', '\n');
    const next = idFile('dbus-machine-id', 'feedface\n');

    const host = readHostInfo([empty, next]);

    expect(host).toMatchObject({ id: 'feedface', idSource: next });
  });
});

describe('readHostInfo without any machine-id', () => {
  it('uses the host name as host.id when no file exists', () => {
    const paths = [join(dir, 'a'), join(dir, 'b')];

    const host = readHostInfo(paths);

    expect(host).toEqual({ id: hostname(), name: hostname(), idSource: 'hostname' });
  });

  it('uses the host name as host.id when the only file is empty', () => {
    const empty = idFile('machine-id', '   \n');

    const host = readHostInfo([empty]);

    expect(host).toEqual({ id: hostname(), name: hostname(), idSource: 'hostname' });
  });
});

describe('MACHINE_ID_PATHS', () => {
  it('tries systemd before the D-Bus copy', () => {
    const paths = MACHINE_ID_PATHS;

    expect(paths).toEqual(['/etc/machine-id', '/var/lib/dbus/machine-id']);
  });
});

describe('machineIdPaths under a host root', () => {
  it("points at the host's files, not the reader's", () => {
    const paths = machineIdPaths('/host');

    expect(paths).toEqual(['/host/etc/machine-id', '/host/var/lib/dbus/machine-id']);
  });
});

describe('readHostContext with the host mounted elsewhere', () => {
  it("reads the host's machine-id, os-release and kernel release", () => {
    const hostRoot = join(dir, 'host');
    const procRoot = join(dir, 'proc');
    mkdirSync(join(hostRoot, 'etc'), { recursive: true });
    mkdirSync(join(procRoot, 'sys', 'kernel'), { recursive: true });
    writeFileSync(join(hostRoot, 'etc', 'machine-id'), 'c0ffee\n');
    writeFileSync(join(hostRoot, 'etc', 'os-release'), 'NAME="Debian GNU/Linux"\nID=debian\n');
    writeFileSync(join(procRoot, 'sys', 'kernel', 'osrelease'), '6.1.0-18-amd64\n');

    const host = readHostContext({ hostRoot, procRoot });

    expect(host).toMatchObject({
      id: 'c0ffee',
      name: hostname(),
      idSource: join(hostRoot, 'etc', 'machine-id'),
      architecture: machine(),
    });
    expect(host.os).toMatchObject({
      type: 'linux',
      name: 'Debian GNU/Linux',
      family: 'debian',
      platform: 'debian',
      kernel: '6.1.0-18-amd64',
    });
    expect(host.ip).not.toContain('127.0.0.1');
  });
});

describe('readHostContext on a host root without the files', () => {
  it('falls back to the host name and the running kernel', () => {
    const empty = join(dir, 'empty');

    const host = readHostContext({ hostRoot: empty, procRoot: empty });

    expect(host.id).toBe(hostname());
    expect(host.os).toEqual({ type: 'linux', kernel: release() });
  });
});

describe('readHostContext given the node name from a DaemonSet', () => {
  it('reports that name instead of the pod hostname', () => {
    const empty = join(dir, 'empty');

    const host = readHostContext({ hostRoot: empty, procRoot: empty, hostName: 'node-7' });

    expect(host.name).toBe('node-7');
  });

  it('keeps the hostname when the name given is empty', () => {
    const empty = join(dir, 'empty');

    const host = readHostContext({ hostRoot: empty, procRoot: empty, hostName: '' });

    expect(host.name).toBe(hostname());
  });
});
