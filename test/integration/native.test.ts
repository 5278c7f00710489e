// The addon on its own: what it loads, where it attaches, what it counts, and
// that close() leaves nothing in the kernel.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBatch } from '../../src/events/decode.js';
import type { ExitEvent, SensorEvent } from '../../src/events/types.js';
import type { NativeSensor, NativeSensorOptions } from '../../src/native/binding.js';
import { loadBinding } from '../../src/native/load.js';
import { sh } from './support/commands.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { Trigger } from './support/trigger.js';

const skip = announceSkip('native addon', kernelSkipReason());
const ALL_PROGRAMS = [
  'exit_tp_btf',
  'exit_tp',
  'mprotect_kp_in',
  'mprotect_kp_out',
  'mprotect_tp_in',
  'mprotect_tp_out',
  'connect_kprobe',
  'connect_tp_btf',
  'connect_tp',
];
// kprobe_events appears in tracefs only on kernels built with kprobe support.
const HAS_KPROBES =
  existsSync('/sys/kernel/tracing/kprobe_events') ||
  existsSync('/sys/kernel/debug/tracing/kprobe_events');

function options(overrides: Partial<NativeSensorOptions> = {}): NativeSensorOptions {
  return {
    onBatch: () => {},
    onLog: () => {},
    protMask: (1n << 64n) - 1n,
    protValue: 7n,
    selfPid: process.pid,
    mprotectModes: ['kprobe', 'tracepoint'],
    connectModes: ['kprobe', 'tp_btf', 'tracepoint'],
    ringBytes: 1 << 20,
    ...overrides,
  };
}

function decodeAll(batches: Buffer[]): { events: SensorEvent[]; exits: ExitEvent[] } {
  const results = batches.map((batch) => decodeBatch(batch, 0n));
  return { events: results.flatMap((r) => r.events), exits: results.flatMap((r) => r.exits) };
}

function kernelProgramIds(): number[] {
  return (JSON.parse(sh('bpftool', ['prog', 'show', '--json'])) as { id: number }[]).map(
    (program) => program.id,
  );
}

/** A refused TCP connect from a child process (this process is filtered in the kernel). */
function connectFromChild(host = '127.0.0.1'): number {
  const script = `require('net').connect(9, '${host}').on('error', () => {})`;
  return spawnSync(process.execPath, ['-e', script]).pid;
}

describe.skipIf(skip)('native addon on this kernel', () => {
  const binding = skip ? undefined : loadBinding();
  let sensor: NativeSensor | undefined;

  afterEach(() => {
    sensor?.close();
    sensor = undefined;
  });

  it('loads and verifies every program, including those it cannot attach here', () => {
    sensor = binding?.open(options());

    expect(sensor?.loadedPrograms().sort()).toEqual([...ALL_PROGRAMS].sort());
  });

  it("loads the hardened profile's programs too: pkey_mprotect, mmap and UDP connect", () => {
    sensor = binding?.open(
      options({ memorySyscalls: ['mprotect', 'pkey_mprotect', 'mmap'], udp: true }),
    );

    const loaded = sensor?.loadedPrograms() ?? [];

    for (const prefix of ['mprotect', 'pkey_mprot', 'mmap', 'udp']) {
      for (const suffix of ['_kp_in', '_kp_out', '_tp_in', '_tp_out']) {
        expect(loaded).toContain(`${prefix}${suffix}`);
      }
    }
    expect(sensor?.modes().udp).toBe(HAS_KPROBES ? 'kprobe' : 'tracepoint');
    // Two programs per memory syscall, one for TCP connect, two for UDP, one for exit.
    expect(sensor?.attachedProgramIds()).toHaveLength(10);
  });

  it('attaches each hook in the first mode the kernel supports', () => {
    sensor = binding?.open(options());

    const modes = sensor?.modes();
    const failedKprobes = sensor?.attempts().filter((a) => a.mode === 'kprobe') ?? [];

    expect(modes?.mprotect).toBe(HAS_KPROBES ? 'kprobe' : 'tracepoint');
    expect(modes?.connect).toBe(HAS_KPROBES ? 'kprobe' : 'tp_btf');
    expect(failedKprobes.map((a) => a.hook).sort()).toEqual(
      HAS_KPROBES ? [] : ['connect', 'mprotect'],
    );
  });

  it('refuses a forced kprobe mode where kprobes are missing', () => {
    const forced = options({ connectModes: ['kprobe'] });

    const open = (): unknown => binding?.open(forced);

    if (HAS_KPROBES) expect(open).not.toThrow();
    else
      expect(open).toThrow(expect.objectContaining({ code: 'BPF_ATTACH_FAILED', hook: 'connect' }));
  });

  it('delivers connect records in the forced classic tracepoint mode', async () => {
    const batches: number[] = [];
    sensor = binding?.open(
      options({ connectModes: ['tracepoint'], onBatch: (_b, n) => batches.push(n) }),
    );

    connectFromChild();

    await expect.poll(() => batches.length).toBeGreaterThan(0);
    expect(sensor?.modes().connect).toBe('tracepoint');
    expect(sensor?.counters().connect.emitted).toBeGreaterThan(0n);
  });

  it('delivers records without per-record wake-ups within the poll interval', async () => {
    const batches: number[] = [];
    const batched = options({
      wakeupBytes: 1 << 19,
      pollMs: 20,
      onBatch: (_b, n) => batches.push(n),
    });
    sensor = binding?.open(batched);

    connectFromChild();

    await expect.poll(() => batches.length, { timeout: 2_000 }).toBeGreaterThan(0);
  });

  it('drops excluded destinations in the kernel, IPv4-mapped ones included', async () => {
    const batches: Buffer[] = [];
    const loopback = { family: 4 as const, address: [127, 0, 0, 0], prefix: 8 };
    sensor = binding?.open(
      options({ excludedDestinations: [loopback], onBatch: (b) => batches.push(b) }),
    );

    const pids = ['127.0.0.1', '::ffff:127.0.0.1', '::1'].map((host) => connectFromChild(host));

    const ours = (): SensorEvent[] =>
      decodeAll(batches).events.filter((e) => e.kind === 'connect' && pids.includes(e.pid));
    await expect.poll(() => ours().length).toBe(1);
    expect(ours()).toMatchObject([{ kind: 'connect', pid: pids[2], destinationIp: '::1' }]);
    expect(sensor?.counters().connect.filtered).toBeGreaterThanOrEqual(2n);
  });

  it('counts mprotect calls it filters out in the kernel', () => {
    sensor = binding?.open(options());
    const before = sensor?.counters().mprotect;

    connectFromChild();

    const after = sensor?.counters().mprotect;
    expect(after?.seen).toBeGreaterThan(before?.seen ?? 0n);
    expect(after?.filtered).toBeGreaterThan(before?.filtered ?? 0n);
  });

  it('filters its own process in the kernel and reports others', async () => {
    const batches: Buffer[] = [];
    sensor = binding?.open(options({ onBatch: (b) => batches.push(b) }));

    createConnection(9, '127.0.0.1').on('error', () => {});
    await expect.poll(() => sensor?.counters().connect.filtered).toBeGreaterThan(0n);
    const child = connectFromChild();

    const connects = (): SensorEvent[] =>
      decodeAll(batches).events.filter((e) => e.kind === 'connect');
    await expect.poll(() => connects().some((e) => e.pid === child)).toBe(true);
    expect(decodeAll(batches).events.filter((e) => e.pid === process.pid)).toEqual([]);
  });

  it('reports the exit of a process it reported on, with its identity', async () => {
    const batches: Buffer[] = [];
    sensor = binding?.open(options({ onBatch: (b) => batches.push(b) }));
    const trigger = Trigger.build();

    const { pid } = await trigger.run(trigger.path, ['--no-connect']);
    await expect.poll(() => decodeAll(batches).exits.map((e) => e.pid)).toContain(pid);
    trigger.dispose();

    const { events } = decodeAll(batches);
    const own = events.find((e) => e.pid === pid);
    expect(sensor?.modes().exit).toBe('tp_btf');
    expect(own?.context).toMatchObject({ nsPid: pid, exeName: 'trigger', ppid: process.pid });
  });

  it('aggregates repeated events of a process in the kernel, sending counts', async () => {
    const batches: Buffer[] = [];
    const refresh = options({ refreshNs: 60_000_000_000n, onBatch: (b) => batches.push(b) });
    sensor = binding?.open(refresh);
    const trigger = Trigger.build();

    const { pid } = await trigger.run(trigger.path, ['--repeat', '4', '127.0.0.1', '9']);
    await expect.poll(() => decodeAll(batches).exits.map((e) => e.pid)).toContain(pid);
    trigger.dispose();

    const ours = decodeAll(batches).events.filter((e) => e.pid === pid);
    expect(ours.map((e) => [e.kind, e.aggregate?.legCount, e.aggregate?.peerCount])).toEqual([
      ['mprotect', 1, 0],
      ['connect', 1, 1],
    ]);
    expect(sensor?.counters().mprotect.aggregated).toBeGreaterThanOrEqual(3n);
  });

  it('drops failed protection changes in the kernel when asked to', async () => {
    const batches: Buffer[] = [];
    sensor = binding?.open(options({ requireSuccess: true, onBatch: (b) => batches.push(b) }));
    const trigger = Trigger.build();

    const failed = await trigger.run(trigger.path, ['--fail-rwx', '--no-connect']);
    const succeeded = await trigger.run(trigger.path, ['--no-connect']);
    await expect.poll(() => decodeAll(batches).events.map((e) => e.pid)).toContain(succeeded.pid);
    trigger.dispose();

    expect(decodeAll(batches).events.filter((e) => e.pid === failed.pid)).toEqual([]);
  });

  it('leaves no program attached after close()', async () => {
    sensor = binding?.open(options());
    const ids = sensor?.attachedProgramIds() ?? [];

    sensor?.close();
    sensor = undefined;

    // mprotect entry and exit, TCP connect, process exit.
    expect(ids.length).toBe(4);
    await expect.poll(() => kernelProgramIds().filter((id) => ids.includes(id))).toEqual([]);
  });

  it('rejects a malformed options object with the expected call', () => {
    const bad = { ...options(), protMask: 7 } as unknown as NativeSensorOptions;

    expect(() => binding?.open(bad)).toThrow(/protMask must be a bigint; expected open\(/);
  });
});
