// The same run seen twice: live by the sensor, and by auditd with the rule's own
// setup. Replaying auditd's log must raise the alert the live sensor raised.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditSession } from './support/auditd.js';
import { LiveScenario, PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import type { Json } from './support/sensor-process.js';

const BIN = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
const skip = announceSkip('auditd replay parity', kernelSkipReason());

function replay(file: string, hostId: string): Json[] {
  const result = spawnSync(process.execPath, [BIN, 'replay', '--host-id', hostId, file], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`replay exited ${result.status}: ${result.stderr}`);
  return result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Json);
}

/** The fields both sources know: who, what memory protection, where to. */
function essence(alert: Json): Json {
  return {
    rule: alert.rule.id,
    host: alert.host.id,
    pid: alert.process.pid,
    name: alert.process.name,
    prot: alert.rwxwatch.mprotect.prot,
    destination: alert.destination,
  };
}

describe.skipIf(skip)('replaying an audit log of a live run', () => {
  let live: LiveScenario;
  let audit: AuditSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-audit-'));
    live = await LiveScenario.start();
    audit = AuditSession.start();
  });

  afterAll(async () => {
    audit?.stop();
    await live?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises the alert the live sensor raised for the same run', async () => {
    const pid = await live.run(live.net.serverV4, String(PORT));
    const liveAlert = await live.alertOf(pid);
    // auditd writes its log on its own schedule: wait for both syscalls of the run.
    const logged = (): string[] => audit.linesFor(pid);
    const both = (): boolean =>
      logged().some((l) => /syscall=10 .* a2=7 /.test(l)) &&
      logged().some((l) => /syscall=42 /.test(l));
    await expect.poll(both).toBe(true);
    const log = join(dir, 'audit.log');
    writeFileSync(log, `${logged().join('\n')}\n`);

    const replayed = replay(log, liveAlert.host.id);

    expect(replayed).toHaveLength(1);
    expect(essence(replayed[0] as Json)).toEqual(essence(liveAlert));
  });
});
