// deploy/install.sh, the container image's build and runtime steps, run here as the
// Dockerfile runs them: build into one prefix, install from it into another, then the
// installed CLI must find its addon and report that the sensor can run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, kernelSkipReason } from './support/privileges.js';

const INSTALL = new URL('../../deploy/install.sh', import.meta.url).pathname;
// The clone's own outputs, which the build must leave alone (it works in a scratch copy).
const REPO_OUTPUTS = ['node_modules/.package-lock.json', 'build/Release/rwxwatch.node'].map(
  (path) => new URL(`../../${path}`, import.meta.url).pathname,
);
// A full build: npm ci, the BPF objects, the addon and tsc (about 40 s on the dev machine).
const BUILD_TIMEOUT_MS = 300_000;
const skip = announceSkip('deploy/install.sh', kernelSkipReason());

let dir: string;
let staged: string;
let installed: string;
let repoMtimes: number[];

function mtimes(paths: string[]): number[] {
  return paths.map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0));
}

function install(args: string[]) {
  return spawnSync('bash', [INSTALL, ...args], {
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
  });
}

describe.skipIf(skip)('deploy/install.sh build then runtime into temporary prefixes', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-install-'));
    staged = join(dir, 'staged');
    installed = join(dir, 'opt');
    repoMtimes = mtimes(REPO_OUTPUTS);

    const build = install(['build', '--prefix', staged]);
    expect(build.status, build.stderr).toBe(0);
    const runtime = install(['runtime', '--from', staged, '--prefix', installed]);
    expect(runtime.status, runtime.stderr).toBe(0);
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('installs a tree whose CLI passes `check --json`', () => {
    const bin = join(installed, 'bin', 'rwxwatch.js');
    const check = spawnSync(process.execPath, [bin, 'check', '--json'], {
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ exitCode: 0 });
  });

  it('installs production dependencies only, and the addon', () => {
    expect(existsSync(join(installed, 'build', 'Release', 'rwxwatch.node'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules', 'pino'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules', 'vitest'))).toBe(false);
    expect(existsSync(join(installed, 'node_modules', 'cmake-js'))).toBe(false);
  });

  it('reinstalls over its own install with the same outcome', () => {
    const again = install(['runtime', '--from', staged, '--prefix', installed]);

    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(installed, 'dist', 'cli', 'bin.js'))).toBe(true);
  });

  it("leaves the clone's own node_modules and addon untouched", () => {
    expect(mtimes(REPO_OUTPUTS)).toEqual(repoMtimes);
  });
});
