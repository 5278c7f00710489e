#!/usr/bin/env node
// Makes prebuilds/linux-<arch>/rwxwatch.node, the addon an installed package
// loads (src/native/load.ts), with prebuildify: one N-API build, stripped.
// prebuildify 6 has no cmake-js backend, so scripts/cmake-js-backend.mjs
// plays node-gyp's part. It then checks that the prebuild needs no library
// beyond those every supported distribution ships, since a user installs it
// without any -dev package.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
// prebuildify's working directory: it takes its build from build/Release here.
const STAGING = join(ROOT, 'build', 'prebuild');
const PREBUILD = join(ROOT, 'prebuilds', `linux-${arch()}`, 'rwxwatch.node');

// Runtime libraries every distribution with libbpf 1.x installs (Debian 12, Ubuntu 24.04,
// RHEL 9.2, Fedora 37 and later); no -dev package among them.
const ALLOWED_LIBRARIES = new Set([
  'libbpf.so.1',
  'libelf.so.1',
  'libz.so.1',
  'libstdc++.so.6',
  'libm.so.6',
  'libgcc_s.so.1',
  'libc.so.6',
  'ld-linux-x86-64.so.2',
  'ld-linux-aarch64.so.1',
]);

function say(message) {
  process.stderr.write(`rwxwatch prebuild: ${message}\n`);
}

function prebuildify() {
  const require = createRequire(import.meta.url);
  const build = require('prebuildify');
  mkdirSync(STAGING, { recursive: true });

  const options = {
    napi: true,
    strip: true,
    name: 'rwxwatch',
    cwd: STAGING,
    out: ROOT,
    nodeGyp: join(ROOT, 'scripts', 'cmake-js-backend.mjs'),
    targets: [{ runtime: 'node', target: process.versions.node }],
  };
  return new Promise((resolve, reject) => {
    build(options, (error) => (error ? reject(error) : resolve()));
  });
}

function neededLibraries(file) {
  const result = spawnSync('readelf', ['-d', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`readelf -d ${file} failed: ${result.stderr}`);

  return [...result.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map(
    (match) => match[1],
  );
}

async function main() {
  await prebuildify();

  const needed = neededLibraries(PREBUILD);
  const extra = needed.filter((name) => !ALLOWED_LIBRARIES.has(name));
  if (extra.length > 0) {
    say(`${PREBUILD} needs libraries users may not have: ${extra.join(', ')}`);
    process.exit(1);
  }
  say(`wrote ${PREBUILD} (needs ${needed.join(', ')})`);
}

await main();
