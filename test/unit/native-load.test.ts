import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddonNotFoundError } from '../../src/errors.js';
import { addonCandidates, loadAddon, loadBinding } from '../../src/native/load.js';
import { thrownBy } from './support/thrown.js';

const BUILT_ADDON = new URL('../../build/Release/rwxwatch.node', import.meta.url).pathname;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-addon-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built addon whose libbpf.so.1 dependency names a library nobody has. */
function addonNeedingMissingLibrary(): string {
  const bytes = readFileSync(BUILT_ADDON);
  const from = Buffer.from('libbpf.so.1\0');
  const at = bytes.indexOf(from);
  expect(at).toBeGreaterThan(0);
  Buffer.from('libzzz.so.1\0').copy(bytes, at);

  const path = join(dir, 'needs-missing-lib.node');
  writeFileSync(path, bytes);
  return path;
}

describe('addonCandidates', () => {
  it('lists the local build first, then the prebuild for this machine', () => {
    const candidates = addonCandidates('/x');

    expect(candidates).toEqual([
      '/x/build/Release/rwxwatch.node',
      `/x/prebuilds/linux-${arch()}/rwxwatch.node`,
    ]);
  });
});

describe('loadAddon when a later candidate loads', () => {
  it.skipIf(!existsSync(BUILT_ADDON))('returns the binding and the path it came from', () => {
    const missing = join(dir, 'build', 'rwxwatch.node');

    const loaded = loadAddon([missing, BUILT_ADDON]);

    expect(loaded.path).toBe(BUILT_ADDON);
    expect(typeof loaded.binding).toBe('object');
  });
});

describe('loadBinding when no candidate loads', () => {
  it('throws AddonNotFoundError listing every path with the reason it failed', () => {
    const missing = [join(dir, 'build', 'rwxwatch.node'), join(dir, 'prebuilds', 'rwxwatch.node')];
    const notAnAddon = join(dir, 'text.node');
    writeFileSync(notAnAddon, 'not a shared object\n');

    const error = thrownBy(() => loadBinding([...missing, notAnAddon]), AddonNotFoundError);

    expect(error.tried.map((attempt) => attempt.path)).toEqual([...missing, notAnAddon]);
    expect(error.tried[0]?.reason).toBe('no such file');
    expect(error.tried[1]?.reason).toBe('no such file');
    expect(error.tried[2]?.reason).toMatch(/invalid ELF header|file too short/);
    for (const attempt of error.tried) expect(attempt.reason).not.toContain('\n');
  });

  it.skipIf(!existsSync(BUILT_ADDON))('names the shared library a prebuild lacks', () => {
    const prebuild = addonNeedingMissingLibrary();

    const error = thrownBy(() => loadBinding([prebuild]), AddonNotFoundError);

    expect(error.tried[0]?.reason).toMatch(
      /^libzzz\.so\.1: cannot open shared object file: No such file or directory$/,
    );
  });

  it('puts every path and reason in the one-line message the CLI prints', () => {
    const missing = join(dir, 'build', 'rwxwatch.node');
    const notAnAddon = join(dir, 'text.node');
    writeFileSync(notAnAddon, 'not a shared object\n');

    const error = thrownBy(() => loadBinding([missing, notAnAddon]), AddonNotFoundError);

    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(`${missing}: no such file`);
    expect(error.message).toContain(`${notAnAddon}: ${error.tried[1]?.reason}`);
    expect(error.message).toContain('libbpf.so.1');
  });

  it('throws AddonNotFoundError with nothing tried for an empty list', () => {
    const error = thrownBy(() => loadBinding([]), AddonNotFoundError);

    expect(error.tried).toEqual([]);
    expect(error.message).toContain('no path to try');
  });
});
