// The real sensor gives up its capabilities once attached: every thread's sets are read
// from the kernel, and detection, enrichment, the alert file and /healthz still work.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BPF_FD_CALLS_FREE_SINCE, kernelBefore } from '../../src/sensor/capability-policy.js';
import { LiveScenario, PORT } from './support/live-scenario.js';
import { freePort } from './support/ports.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import type { Json } from './support/sensor-process.js';

const skip = announceSkip('capability drop', kernelSkipReason());

const NOBODY = 65534;
const CAP_SYS_PTRACE = 1n << 19n;
const CAP_BPF = 1n << 39n;
const KEPT = kernelBefore(release(), BPF_FD_CALLS_FREE_SINCE)
  ? CAP_SYS_PTRACE | CAP_BPF
  : CAP_SYS_PTRACE;

interface TaskStatus {
  tid: number;
  sets: Record<'CapEff' | 'CapPrm' | 'CapInh' | 'CapAmb' | 'CapBnd', bigint>;
  noNewPrivs: string;
}

function tasksOf(pid: number): TaskStatus[] {
  const dir = `/proc/${pid}/task`;

  return readdirSync(dir).map((tid) => {
    const status = readFileSync(join(dir, tid, 'status'), 'utf8');
    const field = (name: string): string =>
      status.match(new RegExp(`^${name}:\\s+(\\S+)`, 'm'))?.[1] ?? '';
    const hex = (name: string): bigint => BigInt(`0x${field(name)}`);
    const sets = {
      CapEff: hex('CapEff'),
      CapPrm: hex('CapPrm'),
      CapInh: hex('CapInh'),
      CapAmb: hex('CapAmb'),
      CapBnd: hex('CapBnd'),
    };
    return { tid: Number(tid), sets, noNewPrivs: field('NoNewPrivs') };
  });
}

describe.skipIf(skip)('rwxwatch run dropping its capabilities', () => {
  let dir: string;
  let alertFile: string;
  let metricsPort: number;
  let live: LiveScenario;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-caps-'));
    alertFile = join(dir, 'alerts.ndjson');
    metricsPort = await freePort();
    const config = join(dir, 'caps.json');
    // maxBytes this small rotates the file at every alert: a rename and a create.
    const file = { type: 'file', path: alertFile, maxBytes: 1024 };
    const metrics = { enabled: true, port: metricsPort };
    writeFileSync(config, JSON.stringify({ sinks: [{ type: 'stdout' }, file], metrics }));
    live = await LiveScenario.start(['-c', config]);
  });

  afterAll(async () => {
    await live?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const unreachedTids = (): number[] =>
    (live.sensor.findLog('threads kept their capabilities')?.threads ?? []).map(
      (thread: Json) => thread.tid,
    );

  it('leaves every thread it reports as reached with only the kept capabilities', () => {
    const tasks = tasksOf(live.sensor.pid);
    const unreached = unreachedTids();
    const reached = tasks.filter(({ tid }) => !unreached.includes(tid));

    const dropped = live.sensor.findLog('capabilities dropped');
    expect(dropped?.threads).toEqual({ total: tasks.length, reached: reached.length });
    expect(dropped?.noNewPrivs).toBe(true);
    expect(reached.length).toBeGreaterThan(tasks.length / 2);
    for (const { sets, noNewPrivs } of reached) {
      expect(sets).toEqual({ CapEff: KEPT, CapPrm: KEPT, CapInh: 0n, CapAmb: 0n, CapBnd: KEPT });
      expect(noNewPrivs).toBe('1');
    }
  });

  it('names only threads that block the signal, and they really kept more', () => {
    const tasks = tasksOf(live.sensor.pid);
    const threads: Json[] = live.sensor.findLog('threads kept their capabilities')?.threads ?? [];

    for (const thread of threads) {
      expect(thread.outcome).toBe('blocks signal');
      const task = tasks.find(({ tid }) => tid === thread.tid);
      expect(task?.sets.CapEff).not.toBe(KEPT);
    }
  });

  it('still detects and enriches a process of another user, and writes the file', async () => {
    // The trigger's directory is root's 0700; nobody has to be able to run it.
    chmodSync(dirname(live.trigger.path), 0o755);
    const asNobody = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups'];
    const [command, argv] = live.net.inClient('setpriv', [
      ...asNobody,
      live.trigger.path,
      // Alive long enough for its /proc entries to be read.
      '--wait-ms',
      '1000',
      live.net.serverV4,
      String(PORT),
    ]);

    const { pid } = await live.trigger.run(command, argv);
    const alert = await live.alertOf(pid);
    await live.settle();

    expect(alert.process.executable).toBe(live.trigger.path);
    expect(alert.process.working_directory).toBe(process.cwd());
    expect(alert.user).toMatchObject({ id: String(NOBODY), name: 'nobody' });
    const written = (): string[] => readdirSync(dir).filter((n) => n.startsWith('alerts.ndjson'));
    await expect.poll(written).toContain('alerts.ndjson.1');
  });

  it('keeps /healthz ok: the links are still checked without CAP_SYS_ADMIN', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);

    expect(response.status).toBe(200);
    expect(live.sensor.findLog('hook detached')).toBeUndefined();
  });
});
