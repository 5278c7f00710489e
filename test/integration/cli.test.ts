// The CLI's start-up failures as a user meets them: one JSON log line that
// names the failure, and the exit code the README promises for its class.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { announceSkip, kernelSkipReason } from './support/privileges.js';

const BIN = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
const NOBODY = '65534';
const skip = announceSkip('CLI start-up failures', kernelSkipReason());
const HAS_KPROBES = existsSync('/sys/kernel/tracing/kprobe_events');
const kprobesReason = HAS_KPROBES
  ? 'this kernel has kprobes, so a forced kprobe mode attaches'
  : undefined;
const skipForcedKprobe = skip || announceSkip('CLI forced kprobe failure', kprobesReason);

function runCli(args: string[], asUser?: string): { status: number | null; last: string } {
  const command = asUser === undefined ? process.execPath : 'setpriv';
  const prefix =
    asUser === undefined
      ? []
      : [`--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath];
  const result = spawnSync(command, [...prefix, BIN, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const lines = result.stderr.trim().split('\n');

  return { status: result.status, last: lines[lines.length - 1] ?? '' };
}

describe.skipIf(skip)('rwxwatch run when it cannot start', () => {
  it.skipIf(skipForcedKprobe)('exits 69 naming the hook when a forced mode cannot attach', () => {
    const { status, last } = runCli(['run', '--connect-mode', 'kprobe']);

    expect(status).toBe(69);
    expect(JSON.parse(last)).toMatchObject({
      msg: 'sensor cannot start',
      error: { code: 'BPF_ATTACH_FAILED', hook: 'connect' },
    });
  });

  it('exits 77 without the privileges BPF needs', () => {
    const { status, last } = runCli(['run'], NOBODY);

    expect(status).toBe(77);
    expect(JSON.parse(last)).toMatchObject({ error: { code: 'MISSING_PRIVILEGES' } });
  });
});
