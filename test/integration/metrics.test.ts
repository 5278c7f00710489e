// The real sensor's metrics and health endpoints, then one of its links ended
// behind its back. Tracepoint and tp_btf links have no BPF_LINK_DETACH (`bpftool
// link detach` answers "Operation not supported"), so the test does what an
// attacker with ptrace would: close the sensor's only fd for the link, via gdb.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { type Json, SensorProcess } from './support/sensor-process.js';

const skip = announceSkip(
  'metrics integration',
  kernelSkipReason() ?? (existsSync('/usr/bin/gdb') ? undefined : 'gdb is not installed'),
);

// The sensor's connect link: tp_btf on this kernel, shown with its tracepoint's name.
function connectLinkOf(programIds: number[]): Json | undefined {
  const links = JSON.parse(
    execFileSync('bpftool', ['link', 'show', '--json'], { encoding: 'utf8' }),
  );
  const ours = (links as Json[]).filter((link) => programIds.includes(link.prog_id));
  return ours.find((link) => link.tp_name === 'inet_sock_set_state');
}

// The sensor's fd for a link, found the way the kernel shows it: /proc/<pid>/fdinfo.
function fdOfLink(pid: number, linkId: number): number {
  const dir = `/proc/${pid}/fdinfo`;
  const fd = readdirSync(dir).find((name) => {
    const info = readFileSync(join(dir, name), 'utf8');
    return info.includes(`link_id:\t${linkId}\n`);
  });
  if (fd === undefined) throw new Error(`sensor ${pid} holds no fd for link ${linkId}`);
  return Number(fd);
}

function closeFdIn(pid: number, fd: number): void {
  execFileSync('gdb', ['-p', String(pid), '-batch', '-nx', '-ex', `call (int)close(${fd})`], {
    stdio: 'ignore',
    timeout: 30_000,
  });
}

describe.skipIf(skip)('rwxwatch run with metrics on', () => {
  let dir: string;
  let port: number;
  let sensor: SensorProcess;
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-metrics-'));
    port = await freePort();
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ statsIntervalMs: 500, metrics: { enabled: true, port } }),
    );
    sensor = await SensorProcess.start(['-c', config]);
  });

  afterAll(async () => {
    await sensor?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves kernel counters and attach modes at /metrics', async () => {
    const response = await fetch(url('/metrics'));

    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/^rwxwatch_kernel_events_seen_total\{hook="mprotect"\} \d+$/m);
    expect(text).toContain('rwxwatch_kernel_events_dropped_total{hook="connect",reason=');
    expect(text).toContain('rwxwatch_hook_attach_mode{hook="mprotect",mode="tracepoint"} 1');
    expect(text).toContain('rwxwatch_hook_attach_mode{hook="connect",mode="tp_btf"} 1');
    expect(text).toContain('rwxwatch_alert_latency_seconds_count');
    expect(text).toContain('rwxwatch_sink_alerts_total{sink="stdout[0]",outcome="written"}');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers 200 at /healthz and /readyz', async () => {
    const live = await fetch(url('/healthz'));
    const ready = await fetch(url('/readyz'));

    expect([live.status, ready.status]).toEqual([200, 200]);
    expect(await live.json()).toEqual({ status: 'ok' });
  });

  it('turns /healthz 503 and logs hook detached once a link ends behind its back', async () => {
    const programIds: number[] = sensor.findLog('sensor ready')?.programIds;
    const link = connectLinkOf(programIds);
    if (link === undefined) throw new Error('no connect link of the sensor found');
    const { id: linkId, prog_id: programId } = link;

    closeFdIn(sensor.pid, fdOfLink(sensor.pid, linkId));

    await expect
      .poll(async () => (await fetch(url('/healthz'))).status, { timeout: 5_000 })
      .toBe(503);
    const body = await (await fetch(url('/healthz'))).json();
    expect(body.problems).toContainEqual(
      expect.objectContaining({ code: 'HOOK_DETACHED', programId, linkId }),
    );
    await sensor.waitFor(() => sensor.findLog('hook detached') !== undefined, 5_000, 'log');
    expect(sensor.findLog('hook detached')).toMatchObject({ level: 50, linkId });
  });
});
