// `rwxwatch check` on this machine, as an operator runs it before deploying: the
// facts it reports must be the kernel's real ones (tp_btf/tracepoint modes here,
// since this kernel is built without kprobes).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { announceSkip, kernelSkipReason } from './support/privileges.js';

const BIN = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
const NOBODY = '65534';
const skip = announceSkip('rwxwatch check', kernelSkipReason());
const kprobesReason = existsSync('/sys/kernel/tracing/kprobe_events')
  ? 'this kernel has kprobes; the expected modes are those of a kernel without them'
  : undefined;
const skipModes = skip || announceSkip('rwxwatch check modes', kprobesReason);

function check(args: string[], asUser?: string): { status: number | null; stdout: string } {
  const prefix =
    asUser === undefined ? [] : [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups'];
  const command = asUser === undefined ? process.execPath : 'setpriv';
  const argv = asUser === undefined ? [BIN, ...args] : [...prefix, process.execPath, BIN, ...args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 20_000 });

  return { status: result.status, stdout: result.stdout };
}

/** The report line of one check: its status, two spaces, then its id. */
function lineOf(lines: string[], id: string): string | undefined {
  return lines.find((line) => line.slice(6).startsWith(`${id} `));
}

describe.skipIf(skipModes)('rwxwatch check as root on this kernel', () => {
  it('exits 0 and reports BTF, no kprobes, tracepoints and the modes', () => {
    const { status, stdout } = check(['check']);

    const lines = stdout.split('\n');
    expect(status).toBe(0);
    expect(lines).toContain('PASS  btf          /sys/kernel/btf/vmlinux present');
    expect(lineOf(lines, 'kprobes')).toMatch(/^WARN .*unavailable/);
    expect(lineOf(lines, 'tracepoints')).toMatch(/^PASS /);
    expect(lineOf(lines, 'modes')).toMatch(/^PASS .*mprotect=tracepoint connect=tp_btf/);
    expect(lines).toContain('the sensor can run here');
  });

  it('gives the same facts as one JSON object with --json', () => {
    const { status, stdout } = check(['check', '--json']);

    const report = JSON.parse(stdout);
    expect(status).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(report.exitCode).toBe(0);
    expect(report.checks.btf.status).toBe('pass');
    expect(report.checks.kprobes.facts.available).toBe(false);
    expect(report.checks.tracepoints.status).toBe('pass');
    expect(report.checks.ringbuf.status).toBe('pass');
    expect(report.checks.modes.facts.modes).toMatchObject({
      mprotect: 'tracepoint',
      connect: 'tp_btf',
    });
  });
});

describe.skipIf(skip)('rwxwatch check as an unprivileged user', () => {
  it('exits 77 with a privilege failure and its hint', () => {
    const { status, stdout } = check(['check'], NOBODY);

    const lines = stdout.split('\n');
    const failure = lines.findIndex((line) => line.startsWith('FAIL  privileges'));
    expect(status).toBe(77);
    expect(failure).toBeGreaterThanOrEqual(0);
    expect(lines[failure + 1]?.trim()).toBe('hint: run as root or grant CAP_BPF,CAP_PERFMON');
    expect(lines).toContain('the sensor cannot run here (exit 77)');
  });

  it('says the same in JSON', () => {
    const { status, stdout } = check(['check', '--json'], NOBODY);

    const report = JSON.parse(stdout);
    expect(status).toBe(77);
    expect(report.status).toBe('fail');
    expect(report.checks.privileges).toMatchObject({
      status: 'fail',
      hint: 'run as root or grant CAP_BPF,CAP_PERFMON',
      facts: { euid: 65534, effective: [] },
    });
  });
});
