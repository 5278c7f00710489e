// The published package on a machine without build tools: it must run from dist/ and
// the prebuild, never build on install. Limitation: libbpf-dev, libelf-dev and the
// compilers cannot be uninstalled for a test, so only their binaries are hidden (PATH
// holds node alone: no clang, cmake, bpftool or cc) and the headers stay on disk unused.
// That the prebuild needs only runtime libraries is checked apart, on its NEEDED entries.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Packed, packAndInstall } from './support/packed.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';

// Packing runs the incremental build and prebuild; installing fetches runtime dependencies.
const PACK_TIMEOUT_MS = 150_000;
const PREBUILD = `prebuilds/linux-${arch()}/rwxwatch.node`;
// What a distribution with libbpf 1.x installs without any -dev package (scripts/prebuild.mjs).
const RUNTIME_LIBRARIES = [
  'libbpf.so.1',
  'libelf.so.1',
  'libz.so.1',
  'libstdc++.so.6',
  'libm.so.6',
  'libgcc_s.so.1',
  'libc.so.6',
  'ld-linux-x86-64.so.2',
];
const skip = announceSkip('npm package', kernelSkipReason());

let dir: string;
let pkg: Packed;

beforeAll(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-package-'));
  pkg = packAndInstall(dir);
}, PACK_TIMEOUT_MS);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function withoutBuildTools(): NodeJS.ProcessEnv {
  return { PATH: pkg.nodeOnlyPath, HOME: dir };
}

function neededLibraries(file: string): string[] {
  const { stdout } = spawnSync('readelf', ['-d', file], { encoding: 'utf8' });

  return [...stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1] ?? '');
}

/** Resolves with the first stderr log line that says `msg`, or rejects when the child exits. */
function logLine(
  child: ChildProcessWithoutNullStreams,
  msg: string,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const said: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      said.push(line);
      const parsed = line.startsWith('{') ? JSON.parse(line) : {};
      if (parsed.msg === msg) resolve(parsed);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${said.join('\n')}`)));
  });
}

describe.skipIf(skip)('the npm tarball', () => {
  it('holds the CLI, dist/ and the prebuild, and no build output or native sources', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/rwxwatch.js', PREBUILD]));
    expect(pkg.files).toContain('dist/cli/bin.js');
    expect(pkg.files.filter((file) => /^(build|native|bpf|test)\//.test(file))).toEqual([]);
  });

  it('installs without running any build', () => {
    const manifest = JSON.parse(readFileSync(join(pkg.installed, 'package.json'), 'utf8'));

    const hooks = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => hooks.includes(name))).toEqual([]);
    expect(existsSync(join(pkg.installed, 'build'))).toBe(false);
    expect(existsSync(join(pkg.installed, 'node_modules', 'cmake-js'))).toBe(false);
  });

  it('ships a prebuild that needs only the runtime libraries', () => {
    const needed = neededLibraries(join(pkg.installed, PREBUILD));

    expect(needed).toContain('libbpf.so.1');
    expect(needed.filter((name) => !RUNTIME_LIBRARIES.includes(name))).toEqual([]);
  });
});

describe.skipIf(skip)('the installed rwxwatch with no build tools on the PATH', () => {
  it('finds no compiler, cmake or bpftool', () => {
    const found = ['clang', 'cmake', 'bpftool', 'cc'].filter((tool) => {
      const result = spawnSync(tool, ['--version'], { env: withoutBuildTools() });
      return result.error === undefined;
    });

    expect(found).toEqual([]);
  });

  it('runs `check --json` and reports that the sensor can run', () => {
    const result = spawnSync(pkg.bin, ['check', '--json'], {
      env: withoutBuildTools(),
      encoding: 'utf8',
      timeout: 20_000,
    });

    const report = JSON.parse(result.stdout);
    expect(result.status).toBe(0);
    expect(report.checks.modes.status).toBe('pass');
  });

  it('runs the sensor from the prebuild and exits 0 on SIGINT', async () => {
    const child = spawn(pkg.bin, ['run'], { env: withoutBuildTools() });
    const exited = new Promise((resolve) => child.once('exit', resolve));

    const ready = await logLine(child, 'sensor ready');
    child.kill('SIGINT');

    expect(ready.addon).toBe(join(pkg.installed, PREBUILD));
    expect(await exited).toBe(0);
  });
});
