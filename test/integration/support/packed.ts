// The package as a user gets it: `npm pack` in the repository (its prepack
// builds dist/ and the prebuild), then `npm install --omit=dev` of the tarball
// into an empty project. Runtime dependencies come from the registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;

export interface Packed {
  /** Paths inside the tarball, e.g. `prebuilds/linux-x64/rwxwatch.node`. */
  files: string[];
  /** The installed package: `<project>/node_modules/rwxwatch`. */
  installed: string;
  /** The installed command, `<project>/node_modules/.bin/rwxwatch`. */
  bin: string;
  /** A directory that holds only a link to this node, to use as the whole PATH. */
  nodeOnlyPath: string;
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', ['--silent', '--no-audit', '--no-fund', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Packs the repository into `dir` and installs the tarball in a new project there. */
export function packAndInstall(dir: string): Packed {
  const [report] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT));
  const tarball = join(dir, report.filename as string);

  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "project", "private": true }\n');
  npm(['install', '--omit=dev', '--prefer-offline', tarball], project);

  // node usually lives in /usr/bin beside clang and cmake, so its own directory will not do.
  const nodeOnlyPath = join(dir, 'node-only');
  mkdirSync(nodeOnlyPath);
  symlinkSync(process.execPath, join(nodeOnlyPath, 'node'));

  return {
    files: (report.files as { path: string }[]).map((file) => file.path),
    installed: join(project, 'node_modules', 'rwxwatch'),
    bin: join(project, 'node_modules', '.bin', 'rwxwatch'),
    nodeOnlyPath,
  };
}
