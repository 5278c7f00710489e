#!/usr/bin/env node
// Stands in for node-gyp under prebuildify 6, which only knows how to call
// node-gyp: prebuildify runs `<this> rebuild --target=… --arch=… --release`
// in its working directory and then takes the .node file from build/Release
// there. The addon is N-API, so the Node target does not matter; it is built
// with cmake-js into the repository's own build/ (incrementally, shared with
// `npm run build`) and copied, because prebuildify moves the file it finds.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const CMAKE_JS = join(ROOT, 'node_modules', '.bin', 'cmake-js');

function fail(message) {
  process.stderr.write(`rwxwatch prebuild: ${message}\n`);
  process.exit(1);
}

function targetArch(argv) {
  const flag = argv.find((arg) => arg.startsWith('--arch='));
  return flag === undefined ? arch() : flag.slice('--arch='.length);
}

function main() {
  // cmake-js builds for the machine it runs on; a cross build needs a cross
  // toolchain and another vmlinux.h (see the README's Install section).
  const wanted = targetArch(process.argv.slice(2));
  if (wanted !== arch()) fail(`cannot build for ${wanted} on ${arch()}; build on ${wanted}`);

  const args = ['build', '--directory', 'native', '--out', 'build'];
  const result = spawnSync(CMAKE_JS, args, { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) fail(`cmake-js failed (exit ${result.status ?? result.signal})`);

  const output = join(process.cwd(), 'build', 'Release');
  mkdirSync(output, { recursive: true });
  copyFileSync(join(ROOT, 'build', 'Release', 'rwxwatch.node'), join(output, 'rwxwatch.node'));
}

main();
