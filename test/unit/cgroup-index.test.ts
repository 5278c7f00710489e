import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CGROUP_REINDEX_MS, CgroupIndex } from '../../src/enrich/cgroup-index.js';
import { removeDir, tempDir } from './support/fake-proc.js';

const SCOPE =
  '/system.slice/docker-3f9c2a71e4b8d05c6a1f7e2b9d4c8a03f5e6b7c8d9a0b1c2d3e4f5a6b7c8d9e0.scope';

let root: string;
let nowMs: number;
const now = (): number => nowMs;

beforeEach(() => {
  root = tempDir('cgroupfs');
  nowMs = 0;
});

afterEach(() => {
  removeDir(root);
});

/** A cgroup directory; its inode number is its id, as on cgroup v2. */
function cgroupDir(hierarchy: string, path: string): bigint {
  const dir = join(hierarchy, path);
  mkdirSync(dir, { recursive: true });
  return statSync(dir, { bigint: true }).ino;
}

function v2Root(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cgroup.controllers'), 'cpu memory pids\n');
}

describe('CgroupIndex on a cgroup v2 hierarchy', () => {
  it('finds the path of a cgroup by its id', () => {
    v2Root(root);
    const id = cgroupDir(root, SCOPE);
    const index = new CgroupIndex(root, now);

    const path = index.pathOf(id);

    expect(path).toEqual({ ok: true, value: SCOPE });
  });

  it('finds the v2 hierarchy of a hybrid host under unified/', () => {
    v2Root(join(root, 'unified'));
    const id = cgroupDir(join(root, 'unified'), SCOPE);
    const index = new CgroupIndex(root, now);

    const path = index.pathOf(id);

    expect(path).toEqual({ ok: true, value: SCOPE });
  });
});

describe('CgroupIndex for a cgroup created after the last walk', () => {
  it('walks again on a miss only after CGROUP_REINDEX_MS', () => {
    v2Root(root);
    const index = new CgroupIndex(root, now);
    index.pathOf(1n);
    const id = cgroupDir(root, SCOPE);

    nowMs = CGROUP_REINDEX_MS - 1;
    const early = index.pathOf(id);
    nowMs = CGROUP_REINDEX_MS;
    const late = index.pathOf(id);

    expect(early).toEqual({ ok: false, reason: 'CGROUP_GONE: no cgroup with this id' });
    expect(late).toEqual({ ok: true, value: SCOPE });
  });
});

describe('CgroupIndex without a cgroup v2 hierarchy', () => {
  it('says none was found', () => {
    mkdirSync(join(root, 'memory'));
    const index = new CgroupIndex(root, now);

    const path = index.pathOf(1n);

    expect(path).toEqual({ ok: false, reason: 'NO_CGROUP2: no cgroup v2 hierarchy found' });
  });
});
