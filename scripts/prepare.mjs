#!/usr/bin/env node
// Makes a clone ready to run and test, doing only what is missing and saying
// what it does: Debian/Ubuntu build packages (as root, through apt; with
// --for-tests also what the test suite needs), npm
// dependencies, the native addon (BPF object embedded) and the TypeScript
// build. Runs before `npm start` and `npm test`; plain Node, no dependencies,
// since node_modules may not exist yet. Progress goes to stderr so that the
// sensor's stdout stays alerts only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const ADDON = join(ROOT, 'build', 'Release', 'rwxwatch.node');
const DIST = join(ROOT, 'dist', 'cli', 'bin.js');

// Debian package → a file that proves it is installed.
const BUILD_PACKAGES = {
  clang: '/usr/bin/clang',
  'libbpf-dev': '/usr/include/bpf/libbpf.h',
  'libelf-dev': '/usr/include/libelf.h',
  'zlib1g-dev': '/usr/include/zlib.h',
  bpftool: '/usr/sbin/bpftool',
  cmake: '/usr/bin/cmake',
  'g++': '/usr/bin/g++',
  gcc: '/usr/bin/cc',
  make: '/usr/bin/make',
  'pkg-config': '/usr/bin/pkg-config',
};

// What only the test suite needs: network namespaces, the auditd comparison, and gdb to
// close one of the sensor's link descriptors from outside (the detached-hook test).
const TEST_PACKAGES = {
  iproute2: '/usr/sbin/ip',
  auditd: '/usr/sbin/auditctl',
  procps: '/usr/bin/pgrep',
  gdb: '/usr/bin/gdb',
};

function say(message) {
  process.stderr.write(`rwxwatch prepare: ${message}\n`);
}

function fail(message) {
  say(message);
  process.exit(1);
}

function run(command, args) {
  say(`running ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) fail(`${command} failed (exit ${result.status ?? result.signal})`);
}

function ensurePackages(packages) {
  const missing = Object.entries(packages)
    .filter(([, proof]) => !existsSync(proof))
    .map(([name]) => name);
  if (missing.length === 0) return;

  const list = missing.join(' ');
  if (process.getuid?.() !== 0) fail(`missing packages: ${list}; run as root or install them`);
  if (!existsSync('/usr/bin/apt-get')) fail(`missing packages: ${list}; no apt-get here`);
  // On Ubuntu, bpftool comes from linux-tools-common and linux-tools-$(uname -r).
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

function newestMtime(paths) {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (!stat.isDirectory()) newest = Math.max(newest, stat.mtimeMs);
    else newest = Math.max(newest, newestMtime(readdirSync(path).map((n) => join(path, n))));
  }
  return newest;
}

function isStale(output, inputs) {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(inputs);
}

function main() {
  const forTests = process.argv.includes('--for-tests');
  ensurePackages(forTests ? { ...BUILD_PACKAGES, ...TEST_PACKAGES } : BUILD_PACKAGES);
  if (!existsSync(join(ROOT, 'node_modules'))) run('npm', ['ci', '--no-audit', '--no-fund']);

  const nativeInputs = ['bpf', 'native'].map((d) => join(ROOT, d));
  if (isStale(ADDON, nativeInputs)) {
    run('npx', ['cmake-js', 'build', '--directory', 'native', '--out', 'build']);
  }
  const tsInputs = ['src', 'tsconfig.json', 'tsconfig.build.json'].map((d) => join(ROOT, d));
  if (isStale(DIST, tsInputs)) run('npx', ['tsc', '-p', 'tsconfig.build.json']);
}

main();
