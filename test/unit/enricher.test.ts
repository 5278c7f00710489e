import { mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Enricher } from '../../src/enrich/enricher.js';
import { entityId } from '../../src/enrich/entity-id.js';
import { CacheSizeError } from '../../src/enrich/errors.js';
import { parseStat, ticksToNs } from '../../src/enrich/proc-stat.js';
import {
  CONTAINER_ID,
  HOST_ID,
  kernelContext,
  matchOf,
  PAYLOAD,
  POD_CGROUP,
  POD_UID,
  payloadEvent,
  SHELL,
} from './support/enrich.js';
import { T0_MS } from './support/events.js';
import { removeDir, tempDir, writeAccounts, writeProcess } from './support/fake-proc.js';
import { thrownBy } from './support/thrown.js';

const BOOT_TO_REALTIME_NS = BigInt(T0_MS) * 1_000_000n;
const EXITED = 'ENOENT: process exited';

let root: string;
let procRoot: string;
let hostRoot: string;
let nowMs: number;

beforeEach(() => {
  root = tempDir('enrich');
  procRoot = join(root, 'proc');
  hostRoot = join(root, 'host');
  nowMs = T0_MS + 10_000;
  writeAccounts(hostRoot);
  writeProcess(procRoot, SHELL);
  writeProcess(procRoot, PAYLOAD);
});

afterEach(() => {
  removeDir(root);
});

function makeEnricher(cacheSize?: number): Enricher {
  return new Enricher({ procRoot, hostRoot, cacheSize, now: () => nowMs });
}

function exitPayload(): void {
  removeDir(join(procRoot, String(PAYLOAD.pid)));
}

describe('Enricher for a process that exits right after its first event', () => {
  it('describes it from the snapshot taken at that event', () => {
    const enricher = makeEnricher();
    const event = payloadEvent();
    enricher.observe(event);
    exitPayload();

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context).toEqual({
      entityId: entityId(HOST_ID, PAYLOAD.pid, PAYLOAD.startNs),
      start: '2024-01-01T00:00:05.000Z',
      executable: '/tmp/.x/payload',
      args: ['./payload', '--beacon', '198.51.100.1'],
      argsCount: 3,
      argsTruncated: false,
      workingDirectory: '/tmp/.x',
      parent: { pid: 900, name: 'bash', executable: '/usr/bin/bash' },
      vpid: 7,
      kernel: {
        executableName: 'payload',
        executableDevice: '2049',
        executableInode: '131077',
        pidNamespaceInode: '4026532555',
        cgroupId: '8888',
      },
      user: { id: '1000', name: 'alice' },
      group: { id: '1000', name: 'alice' },
      effectiveUser: { id: '0', name: 'root' },
      effectiveGroup: { id: '0', name: 'root' },
      cgroupPath: POD_CGROUP,
      container: { id: CONTAINER_ID, runtime: 'containerd' },
      podUid: POD_UID,
      enrichment: { readOn: 'first_event', readAtMs: T0_MS + 10_000, missing: [] },
    });
  });

  it('counts the alert as a cache hit', () => {
    const enricher = makeEnricher();
    const event = payloadEvent();
    enricher.observe(event);

    enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(enricher.stats()).toMatchObject({ size: 1, hits: 1, misses: 0, reads: 1 });
  });
});

describe('Enricher observing later events of a known process', () => {
  it('does not read /proc again while the program is the same', () => {
    const enricher = makeEnricher();

    enricher.observe(payloadEvent());
    enricher.observe(payloadEvent({ tid: 4300 }));

    expect(enricher.stats().reads).toBe(1);
  });

  it('reads again after the process ran another program', () => {
    const enricher = makeEnricher();
    enricher.observe(payloadEvent());
    removeDir(join(procRoot, String(PAYLOAD.pid)));
    writeProcess(procRoot, { ...PAYLOAD, name: 'sh', exe: '/bin/sh' });
    const exec = payloadEvent({ name: 'sh', context: kernelContext({ exeName: 'sh' }) });

    enricher.observe(exec);
    const context = enricher.describe(matchOf(exec), BOOT_TO_REALTIME_NS);

    expect(enricher.stats().reads).toBe(2);
    expect(context.executable).toBe('/bin/sh');
  });
});

describe('Enricher after the kernel reported the exit', () => {
  it('falls back to the kernel context and lists what is missing', () => {
    const enricher = makeEnricher();
    const event = payloadEvent();
    enricher.observe(event);
    enricher.forget({
      kind: 'exit',
      timeMs: T0_MS,
      pid: PAYLOAD.pid,
      startNs: PAYLOAD.startNs,
      exitCode: 0,
    });
    exitPayload();

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context.executable).toBeUndefined();
    expect(context.parent).toEqual({ pid: 900, name: 'bash', executable: '/usr/bin/bash' });
    expect(context.vpid).toBe(7);
    expect(context.effectiveUser).toEqual({ id: '0', name: 'root' });
    expect(context.kernel?.executableName).toBe('payload');
    expect(context.enrichment.readOn).toBe('alert');
    expect(context.enrichment.missing).toEqual([
      { field: 'process.executable', reason: EXITED },
      { field: 'process.args', reason: EXITED },
      { field: 'process.args_count', reason: EXITED },
      { field: 'process.working_directory', reason: EXITED },
      {
        field: 'container.id',
        reason: `${EXITED}; NO_CGROUP2: no cgroup v2 hierarchy found`,
      },
    ]);
    expect(enricher.stats()).toMatchObject({ size: 1, hits: 0, misses: 1, reads: 2 });
  });
});

describe('Enricher for a vanished process whose container still runs', () => {
  it("finds the container from the kernel's cgroup id", () => {
    const cgroupRoot = join(root, 'cgroup');
    mkdirSync(join(cgroupRoot, POD_CGROUP), { recursive: true });
    writeFileSync(join(cgroupRoot, 'cgroup.controllers'), 'cpu memory\n');
    const cgroupId = statSync(join(cgroupRoot, POD_CGROUP), { bigint: true }).ino;
    const enricher = new Enricher({ procRoot, hostRoot, cgroupRoot, now: () => nowMs });
    const event = payloadEvent({ context: kernelContext({ cgroupId }) });
    exitPayload();

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context.container).toEqual({ id: CONTAINER_ID, runtime: 'containerd' });
    expect(context.podUid).toBe(POD_UID);
    expect(context.cgroupPath).toBe(POD_CGROUP);
    expect(context.enrichment.missing.map((entry) => entry.field)).not.toContain('container.id');
  });
});

describe('Enricher for an event without kernel context', () => {
  it('takes the parent from /proc and lists the fields only the kernel has', () => {
    const enricher = makeEnricher();
    const event = payloadEvent({ context: undefined });
    const reason = 'NO_KERNEL_CONTEXT: the event source did not record it';

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context.parent?.pid).toBe(900);
    expect(context.kernel).toBeUndefined();
    expect(context.enrichment.missing).toEqual([
      { field: 'process.vpid', reason },
      { field: 'user.effective.id', reason },
      { field: 'user.effective.group.id', reason },
    ]);
  });
});

describe('Enricher for ids the host does not name', () => {
  it('keeps the id and lists the name as missing', () => {
    const enricher = makeEnricher();
    const event = payloadEvent({ uid: 4242 });

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context.user).toEqual({ id: '4242', name: undefined });
    expect(context.enrichment.missing).toEqual([
      {
        field: 'user.name',
        reason: `NOT_FOUND: uid 4242 not in ${join(hostRoot, 'etc', 'passwd')}`,
      },
    ]);
  });
});

describe('Enricher for a match whose legs came from two holders of one pid', () => {
  it("names the connection's process by its own entity id", () => {
    const enricher = makeEnricher();
    const event = payloadEvent();

    const context = enricher.describe(matchOf(event, 6_000_000_000n), BOOT_TO_REALTIME_NS);

    expect(context.connectionEntityId).toBe(entityId(HOST_ID, PAYLOAD.pid, 6_000_000_000n));
    expect(context.entityId).toBe(entityId(HOST_ID, PAYLOAD.pid, PAYLOAD.startNs));
  });
});

describe('Enricher with a full cache', () => {
  it('evicts the oldest process and reads it again when it alerts', () => {
    const enricher = makeEnricher(1);
    const event = payloadEvent();
    enricher.observe(event);
    enricher.observe(payloadEvent({ pid: 900, startNs: SHELL.startNs, name: 'bash' }));

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context.executable).toBe('/tmp/.x/payload');
    expect(enricher.stats()).toEqual({
      size: 1,
      capacity: 1,
      evictions: 2,
      hits: 0,
      misses: 1,
      reads: 3,
    });
  });

  it('refuses a cache size of 0', () => {
    const error = thrownBy(() => makeEnricher(0), CacheSizeError);

    expect(error.code).toBe('ENRICH_CACHE_SIZE_INVALID');
  });
});

describe('Enricher on the real /proc', () => {
  it('describes the test process itself', () => {
    const stat = parseStat(readFileSync('/proc/self/stat', 'utf8'));
    const startNs = ticksToNs(stat?.startTicks ?? 0n);
    const enricher = new Enricher();
    const event = payloadEvent({
      pid: process.pid,
      startNs,
      name: stat?.name ?? '',
      context: kernelContext({ ppid: process.ppid }),
    });

    const context = enricher.describe(matchOf(event), BOOT_TO_REALTIME_NS);

    expect(context.executable).toBe(realpathSync(process.execPath));
    expect(context.workingDirectory).toBe(realpathSync(process.cwd()));
    expect(context.argsCount).toBeGreaterThan(0);
    expect(context.parent?.pid).toBe(process.ppid);
    expect(context.cgroupPath).toMatch(/^\//);
  });
});

describe('Enricher.resolve for executable exclusions', () => {
  it('gives the path from the snapshot, read once for the process', () => {
    const enricher = makeEnricher();
    const event = payloadEvent();

    const first = enricher.resolve(event);
    exitPayload();
    const again = enricher.resolve(event);

    expect(first).toBe(PAYLOAD.exe);
    expect(again).toBe(PAYLOAD.exe);
    expect(enricher.stats().reads).toBe(1);
  });

  it('gives undefined for a process gone before its first event was seen', () => {
    const enricher = makeEnricher();
    exitPayload();

    const path = enricher.resolve(payloadEvent());

    expect(path).toBeUndefined();
  });
});
