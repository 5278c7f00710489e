import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddonNotFoundError } from '../../src/errors.js';
import { addonCandidates, loadBinding } from '../../src/native/load.js';
import { thrownBy } from './support/thrown.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-addon-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('addonCandidates', () => {
  it('lists the local build first, then the prebuilds for this machine', () => {
    const candidates = addonCandidates('/x');

    expect(candidates).toEqual([
      '/x/build/Release/rwxwatch.node',
      `/x/prebuilds/linux-${arch()}/rwxwatch.node`,
      `/x/prebuilds/linux-${arch()}/node.napi.node`,
    ]);
  });
});

describe('loadBinding when no candidate loads', () => {
  it('throws AddonNotFoundError listing every path with the reason it failed', () => {
    const missing = [join(dir, 'build', 'rwxwatch.node'), join(dir, 'prebuilds', 'rwxwatch.node')];
    const notAnAddon = join(dir, 'text.node');
    writeFileSync(notAnAddon, 'not a shared object\n');

    const error = thrownBy(() => loadBinding([...missing, notAnAddon]), AddonNotFoundError);

    expect(error.tried.map((attempt) => attempt.path)).toEqual([...missing, notAnAddon]);
    expect(error.tried[0]?.reason).toMatch(/Cannot find module/);
    expect(error.tried[1]?.reason).toMatch(/Cannot find module/);
    expect(error.tried[2]?.reason).not.toMatch(/Cannot find module/);
    for (const attempt of error.tried) {
      expect(attempt.reason.length).toBeGreaterThan(0);
      expect(attempt.reason).not.toContain('\n');
    }
  });

  it('throws AddonNotFoundError with nothing tried for an empty list', () => {
    const error = thrownBy(() => loadBinding([]), AddonNotFoundError);

    expect(error.tried).toEqual([]);
  });
});
