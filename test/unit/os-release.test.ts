import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { osReleaseFields, parseOsRelease, readOsRelease } from '../../src/host/os-release.js';
import { removeDir, tempDir } from './support/fake-proc.js';

const UBUNTU = [
  'PRETTY_NAME="Ubuntu 22.04.4 LTS"',
  'NAME="Ubuntu"',
  'VERSION_ID="22.04"',
  'ID=ubuntu',
  'ID_LIKE=debian',
  '',
].join('\n');

const ROCKY = 'NAME="Rocky Linux"\nVERSION_ID="9.3"\nID="rocky"\nID_LIKE="rhel centos fedora"\n';

let hostRoot: string;

beforeEach(() => {
  hostRoot = tempDir('os-release');
  mkdirSync(join(hostRoot, 'etc'));
  mkdirSync(join(hostRoot, 'usr', 'lib'), { recursive: true });
});

afterEach(() => {
  removeDir(hostRoot);
});

describe('parseOsRelease', () => {
  it('unquotes values, undoes escapes and skips comments and blank lines', () => {
    const text = '# distro\n\nNAME="A \\"quoted\\" name"\nID=plain\nVARIANT=\'single\'\n';

    const values = parseOsRelease(text);

    expect(Object.fromEntries(values)).toEqual({
      NAME: 'A "quoted" name',
      ID: 'plain',
      VARIANT: 'single',
    });
  });
});

describe('osReleaseFields', () => {
  it('takes the family from the first ID_LIKE entry', () => {
    const fields = osReleaseFields(parseOsRelease(ROCKY));

    expect(fields).toEqual({
      name: 'Rocky Linux',
      version: '9.3',
      family: 'rhel',
      platform: 'rocky',
      full: undefined,
    });
  });

  it('uses the id as the family of a distribution that derives from none', () => {
    const fields = osReleaseFields(parseOsRelease('ID=debian\nVERSION_ID="12"\n'));

    expect(fields.family).toBe('debian');
  });
});

describe('readOsRelease under a host root', () => {
  it('follows the usual relative symlink to usr/lib', () => {
    writeFileSync(join(hostRoot, 'usr', 'lib', 'os-release'), UBUNTU);
    symlinkSync('../usr/lib/os-release', join(hostRoot, 'etc', 'os-release'));

    const os = readOsRelease(hostRoot);

    expect(os).toMatchObject({ name: 'Ubuntu', version: '22.04', family: 'debian' });
  });

  it("follows an absolute symlink inside the host root, not the reader's root", () => {
    mkdirSync(join(hostRoot, 'etc', 'static'));
    writeFileSync(join(hostRoot, 'etc', 'static', 'os-release'), ROCKY);
    symlinkSync('/etc/static/os-release', join(hostRoot, 'etc', 'os-release'));

    const os = readOsRelease(hostRoot);

    expect(os?.platform).toBe('rocky');
  });

  it('falls back to usr/lib/os-release when etc has none', () => {
    writeFileSync(join(hostRoot, 'usr', 'lib', 'os-release'), UBUNTU);

    const os = readOsRelease(hostRoot);

    expect(os?.full).toBe('Ubuntu 22.04.4 LTS');
  });

  it('gives up on a symlink loop and on a host without the file', () => {
    symlinkSync('/etc/os-release', join(hostRoot, 'etc', 'os-release'));

    const os = readOsRelease(hostRoot);

    expect(os).toBeUndefined();
  });
});
