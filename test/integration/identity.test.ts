// Who did it, on the live kernel: a process in its own pid namespace, one in a
// cgroup laid out like a container runtime's, and processes that exit right
// after connecting (every trigger does) still get the kernel's account of them.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveScenario, PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';

const skip = announceSkip('process identity', kernelSkipReason());
const P = String(PORT);
// A cgroup v1 hierarchy present on hybrid and v1 hosts; v2-only hosts use the unified tree.
const PIDS_V1 = '/sys/fs/cgroup/pids';
const NO_V1 = announceSkip(
  'cgroup v1 container layout',
  existsSync(PIDS_V1) ? undefined : `no cgroup v1 hierarchy at ${PIDS_V1}`,
);
const V2_ROOT = existsSync('/sys/fs/cgroup/cgroup.controllers')
  ? '/sys/fs/cgroup'
  : '/sys/fs/cgroup/unified';

describe.skipIf(skip)('alerts say who did it', () => {
  let live: LiveScenario;
  const cgroups: string[] = [];

  beforeAll(async () => {
    live = await LiveScenario.start();
  });

  afterAll(async () => {
    await live?.dispose();
    for (const dir of cgroups.reverse()) if (existsSync(dir)) rmdirSync(dir);
  });

  /**
   * Runs the trigger after its shell moved itself into `cgroup`. The move happens before
   * `ip netns exec`, which mounts a fresh /sys where the cgroup trees are not to be seen.
   */
  async function runInCgroup(cgroup: string, ...options: string[]): Promise<number> {
    const [enter, inNs] = live.net.inClient(live.trigger.path, []);
    const script = `echo $$ > ${cgroup}/cgroup.procs && exec ${enter} ${inNs.join(' ')} "$@"`;
    const argv = ['-c', script, 'sh', ...options, live.net.serverV4, P];
    return (await live.trigger.run('sh', argv)).pid;
  }

  function makeCgroup(...parts: string[]): string {
    const dir = join(...parts);
    for (let at = 1; at <= parts.length; at++) {
      const step = join(...parts.slice(0, at));
      if (!existsSync(step)) {
        mkdirSync(step);
        cgroups.push(step);
      }
    }
    return dir;
  }

  it('gives a stable entity id, the start time, the parent and the user', async () => {
    const pid = await live.run(live.net.serverV4, P);

    const alert = await live.alertOf(pid);

    expect(alert.process.entity_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Date.parse(alert.process.start)).toBeLessThanOrEqual(Date.parse(alert['@timestamp']));
    expect(alert.process.parent.pid).toBe(process.pid);
    expect(alert.user).toMatchObject({ id: '0', name: 'root' });
    expect(alert.host.os.kernel).toBeTypeOf('string');
  });

  it('reports the host pid and the pid inside a new pid namespace', async () => {
    const unshared = ['unshare', '--pid', '--fork', live.trigger.path, live.net.serverV4, P];
    const [command, argv] = live.net.inClient(unshared[0] as string, unshared.slice(1));
    const { pid: unsharePid } = await live.trigger.run(command, argv);

    await live.sensor.waitFor(
      () => live.sensor.alerts.some((a) => a.process?.parent?.pid === unsharePid),
      5_000,
      'alert from the namespaced trigger',
    );
    const alert = live.sensor.alerts.find((a) => a.process?.parent?.pid === unsharePid);

    expect(alert?.process.vpid).toBe(1);
    expect(alert?.process.pid).not.toBe(1);
  });

  it.skipIf(NO_V1)('names the container of a docker-style cgroup', async () => {
    const id = randomBytes(32).toString('hex');
    const cgroup = makeCgroup(PIDS_V1, 'docker', id);

    // Lives on briefly, as a container's process does: v1 paths are only in /proc, and an
    // exited process is found again only through the v2 tree.
    const pid = await runInCgroup(cgroup, '--wait-ms', '300');
    const alert = await live.alertOf(pid);

    expect(alert.container).toEqual({ id, runtime: 'docker' });
  });

  it('names the container of a containerd scope in the unified hierarchy', async () => {
    const id = randomBytes(32).toString('hex');
    const cgroup = makeCgroup(V2_ROOT, 'rwxwatch-test.slice', `cri-containerd-${id}.scope`);

    const pid = await runInCgroup(cgroup, '--wait-ms', '300');
    const alert = await live.alertOf(pid);

    expect(alert.container).toMatchObject({ id, runtime: 'containerd' });
  });

  it("keeps the kernel's account of a process that exited before the alert", async () => {
    const pid = await live.run(live.net.serverV4, P);

    const alert = await live.alertOf(pid);
    const missing: { field: string; reason: string }[] = alert.rwxwatch.enrichment.missing;

    expect(alert.rwxwatch.process.executable.name).toBe('trigger');
    expect(alert.process.vpid).toBe(pid);
    for (const gap of missing) expect(gap.reason).toMatch(/^[A-Z_]+/);
  });
});
