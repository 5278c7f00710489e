import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MACHINE_ID_PATHS, readHostInfo } from '../../src/host/host-info.js';

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
