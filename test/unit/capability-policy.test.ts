import { describe, expect, it } from 'vitest';
import {
  capabilitiesToKeep,
  kernelBefore,
  type PolicyConfig,
} from '../../src/sensor/capability-policy.js';
import type { AccessContext, Owner } from '../../src/sensor/path-access.js';

const ROOT_DIR: Owner = { uid: 0, gid: 0, mode: 0o40755 };

/** Every path root's 0755 directory unless listed. */
function access(owners: Record<string, Owner> = {}): AccessContext {
  return { uid: 0, gids: [0], stat: (path) => owners[path] ?? ROOT_DIR };
}

const CONFIG: PolicyConfig = {
  sinks: [{ type: 'stdout' }],
  state: { saveIntervalMs: 60_000 },
  hostRoot: '/',
  procRoot: '/proc',
};

function withFileSink(path: string): PolicyConfig {
  return { ...CONFIG, sinks: [{ type: 'file', path, maxBytes: 1024, keep: 1, queueMax: 1 }] };
}

const names = (config: PolicyConfig, context: AccessContext, release = '6.18.4'): string[] =>
  capabilitiesToKeep(config, { kernelRelease: release, access: context }).map((c) => c.name);

describe('capabilitiesToKeep on a kernel from 6.5 on', () => {
  it('keeps CAP_SYS_PTRACE only when root owns what the sinks write', () => {
    expect(names(withFileSink('/var/log/rwxwatch/alerts.ndjson'), access())).toEqual([
      'CAP_SYS_PTRACE',
    ]);
  });

  it('keeps CAP_DAC_OVERRIDE for a sink directory only another user may write', () => {
    const dir = '/var/log/rwxwatch';
    const context = access({ [dir]: { uid: 1000, gid: 1000, mode: 0o40700 } });

    const kept = capabilitiesToKeep(withFileSink(`${dir}/a.ndjson`), {
      kernelRelease: '6.18.4',
      access: context,
    });

    expect(kept.map((c) => c.name)).toEqual(['CAP_SYS_PTRACE', 'CAP_DAC_OVERRIDE']);
    expect(kept[1]?.paths).toEqual([dir]);
  });

  it('keeps CAP_DAC_OVERRIDE when a directory above the sink cannot be searched', () => {
    const context = access({ '/home/alice': { uid: 1000, gid: 1000, mode: 0o40700 } });

    expect(names(withFileSink('/home/alice/out/a.ndjson'), context)).toContain('CAP_DAC_OVERRIDE');
  });

  it('lets the group bits grant write when root is not the owner but in the group', () => {
    const context = access({ '/srv/out': { uid: 1000, gid: 0, mode: 0o40770 } });

    expect(names(withFileSink('/srv/out/a.ndjson'), context)).toEqual(['CAP_SYS_PTRACE']);
  });

  it('keeps CAP_DAC_READ_SEARCH when the host passwd file is not readable by its bits', () => {
    const context = access({ '/etc/passwd': { uid: 0, gid: 0, mode: 0o100000 } });

    expect(names(CONFIG, context)).toEqual(['CAP_SYS_PTRACE', 'CAP_DAC_READ_SEARCH']);
  });

  it('keeps CAP_DAC_OVERRIDE for a state directory only another user may write', () => {
    const dir = '/var/lib/rwxwatch';
    const context = access({ [dir]: { uid: 1000, gid: 1000, mode: 0o40700 } });
    const config = { ...CONFIG, state: { file: `${dir}/state.json`, saveIntervalMs: 60_000 } };

    const kept = capabilitiesToKeep(config, { kernelRelease: '6.18.4', access: context });

    expect(kept[1]).toMatchObject({ name: 'CAP_DAC_OVERRIDE', paths: [dir] });
  });

  it('keeps a capability for a path it cannot stat', () => {
    const context: AccessContext = { uid: 0, gids: [0], stat: () => undefined };

    expect(names(withFileSink('/gone/a.ndjson'), context)).toContain('CAP_DAC_OVERRIDE');
  });
});

describe('capabilitiesToKeep on an older kernel', () => {
  it('also keeps CAP_BPF before 6.5, where reading a map needs it', () => {
    expect(names(CONFIG, access(), '6.1.0-18-amd64')).toEqual(['CAP_SYS_PTRACE', 'CAP_BPF']);
  });
});

describe('kernelBefore', () => {
  it('compares major, then minor', () => {
    expect(kernelBefore('5.15.0', [6, 5])).toBe(true);
    expect(kernelBefore('6.4.16', [6, 5])).toBe(true);
    expect(kernelBefore('6.5.0', [6, 5])).toBe(false);
    expect(kernelBefore('7.0.1', [6, 5])).toBe(false);
  });

  it('treats a release it cannot read as older', () => {
    expect(kernelBefore('unknown', [6, 5])).toBe(true);
  });
});
