import { describe, expect, it } from 'vitest';
import { buildAlert } from '../../src/alerts/ecs.js';
import type { AlertProcessContext } from '../../src/enrich/types.js';
import type { HostContext } from '../../src/host/host-info.js';
import { CONTAINER_ID, matchOf, POD_CGROUP, POD_UID, payloadEvent } from './support/enrich.js';
import { T0_MS } from './support/events.js';

const HOST: HostContext = {
  id: 'host-1',
  name: 'node-7',
  os: {
    type: 'linux',
    name: 'Ubuntu',
    version: '22.04',
    family: 'debian',
    platform: 'ubuntu',
    full: 'Ubuntu 22.04.4 LTS',
    kernel: '6.1.0-18-amd64',
  },
  ip: ['192.0.2.10', '2001:db8::10'],
  architecture: 'x86_64',
};

function fullContext(): AlertProcessContext {
  return {
    entityId: 'kq3XbP0n1cYw9v2Lr8sTfA',
    start: '2024-01-01T00:00:05.000Z',
    executable: '/tmp/.x/payload',
    args: ['./payload', '--beacon', '198.51.100.1'],
    argsCount: 3,
    argsTruncated: false,
    workingDirectory: '/tmp/.x',
    parent: { pid: 900, name: 'bash', executable: '/usr/bin/bash' },
    vpid: 7,
    user: { id: '1000', name: 'alice' },
    group: { id: '1000', name: 'alice' },
    effectiveUser: { id: '0', name: 'root' },
    effectiveGroup: { id: '0', name: 'root' },
    container: { id: CONTAINER_ID, runtime: 'containerd' },
    podUid: POD_UID,
    cgroupPath: POD_CGROUP,
    kernel: {
      executableName: 'payload',
      executableDevice: '2049',
      executableInode: '131077',
      pidNamespaceInode: '4026532555',
      cgroupId: '8888',
    },
    enrichment: { readOn: 'first_event', readAtMs: T0_MS + 10_000, missing: [] },
  };
}

/** Only what every enriched alert has: identity, ids, and why the rest is missing. */
function bareContext(): AlertProcessContext {
  return {
    entityId: 'kq3XbP0n1cYw9v2Lr8sTfA',
    start: '2024-01-01T00:00:05.000Z',
    user: { id: '1000' },
    group: { id: '1000' },
    enrichment: {
      readOn: 'alert',
      readAtMs: T0_MS + 10_000,
      missing: [{ field: 'process.executable', reason: 'ENOENT: process exited' }],
    },
  };
}

function alertWith(process: AlertProcessContext, host: HostContext = HOST) {
  const ctx = { host, nowMs: T0_MS + 60_000, id: 'alert-1', process };

  return buildAlert(matchOf(payloadEvent()), ctx);
}

function allKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];

  return Object.entries(value).flatMap(([key, child]) => [key, ...allKeys(child)]);
}

describe('buildAlert with a full process context', () => {
  it('fills the ECS process fields', () => {
    const alert = alertWith(fullContext());

    expect(alert.process).toEqual({
      pid: 4242,
      name: 'payload',
      thread: { id: 4243, name: 'worker' },
      entity_id: 'kq3XbP0n1cYw9v2Lr8sTfA',
      start: '2024-01-01T00:00:05.000Z',
      executable: '/tmp/.x/payload',
      args: ['./payload', '--beacon', '198.51.100.1'],
      args_count: 3,
      working_directory: '/tmp/.x',
      vpid: 7,
      parent: { pid: 900, name: 'bash', executable: '/usr/bin/bash' },
    });
  });

  it('fills user, group, container and orchestrator fields', () => {
    const alert = alertWith(fullContext());

    expect(alert.user).toEqual({
      id: '1000',
      name: 'alice',
      effective: { id: '0', name: 'root', group: { id: '0', name: 'root' } },
    });
    expect(alert.group).toEqual({ id: '1000', name: 'alice' });
    expect(alert.container).toEqual({ id: CONTAINER_ID, runtime: 'containerd' });
    expect(alert.orchestrator).toEqual({
      type: 'kubernetes',
      resource: { type: 'pod', id: POD_UID },
    });
    expect(alert.kubernetes).toEqual({ pod: { uid: POD_UID } });
  });

  it("fills the kernel's facts and the enrichment record under rwxwatch", () => {
    const alert = alertWith(fullContext());

    expect(alert.rwxwatch.process).toEqual({
      executable: { name: 'payload', device: '2049', inode: '131077' },
      pid_namespace: { inode: '4026532555' },
      cgroup: { id: '8888', path: POD_CGROUP },
    });
    expect(alert.rwxwatch.enrichment).toEqual({
      read_on: 'first_event',
      read_at: '2024-01-01T00:00:10.000Z',
      args_truncated: false,
      missing: [],
    });
  });

  it('fills the host OS, addresses and architecture', () => {
    const alert = alertWith(fullContext());

    expect(alert.host).toEqual(HOST);
  });

  it('uses only nested objects, never dotted keys', () => {
    const keys = allKeys(alertWith(fullContext()));

    expect(keys.filter((key) => key.includes('.'))).toEqual([]);
  });
});

describe('buildAlert with a process context that lacks most fields', () => {
  it('leaves the unknown fields out rather than writing null', () => {
    const alert = alertWith(bareContext(), { id: 'host-1', name: 'node-7' });

    const line = JSON.stringify(alert);

    expect(alert.process).toEqual({
      pid: 4242,
      name: 'payload',
      thread: { id: 4243, name: 'worker' },
      entity_id: 'kq3XbP0n1cYw9v2Lr8sTfA',
      start: '2024-01-01T00:00:05.000Z',
    });
    expect(alert.user).toEqual({ id: '1000' });
    expect(alert.host).toEqual({ id: 'host-1', name: 'node-7' });
    expect(alert).not.toHaveProperty('container');
    expect(alert).not.toHaveProperty('orchestrator');
    expect(alert.rwxwatch).not.toHaveProperty('process');
    expect(line).not.toContain('null');
  });

  it('lists what is missing and why', () => {
    const alert = alertWith(bareContext());

    const missing = alert.rwxwatch.enrichment?.missing;

    expect(missing).toEqual([{ field: 'process.executable', reason: 'ENOENT: process exited' }]);
    expect(alert.rwxwatch.enrichment).not.toHaveProperty('args_truncated');
  });

  it('keeps the cgroup path when the kernel context is absent', () => {
    const alert = alertWith({ ...bareContext(), cgroupPath: '/system.slice/cron.service' });

    const path = alert.rwxwatch.process?.cgroup?.path;

    expect(path).toBe('/system.slice/cron.service');
  });
});

describe('buildAlert for legs from two holders of one pid', () => {
  it("names the connection's process under rwxwatch.connection", () => {
    const alert = alertWith({ ...fullContext(), connectionEntityId: 'Zz9yXw8vUt7sRq6pOn5mLk' });

    const connection = alert.rwxwatch.connection;

    expect(connection.process).toEqual({ entity_id: 'Zz9yXw8vUt7sRq6pOn5mLk' });
  });
});

describe('buildAlert given hostile args and paths', () => {
  const hostile = 'x","container":{"id":"0"}\n{"@timestamp":"';

  it('keeps them as values in one line of valid JSON', () => {
    const context = {
      ...fullContext(),
      args: [hostile, '__proto__'],
      executable: `/tmp/${hostile}`,
      workingDirectory: hostile,
    };

    const line = JSON.stringify(alertWith(context));
    const parsed = JSON.parse(line);

    expect(line).not.toContain('\n');
    expect(parsed.process.args).toEqual([hostile, '__proto__']);
    expect(parsed.process.working_directory).toBe(hostile);
    expect(parsed.container.id).toBe(CONTAINER_ID);
    expect(allKeys(parsed)).not.toContain('x');
  });

  it('hands out args the caller may change without changing the context', () => {
    const context = fullContext();
    const alert = alertWith(context);

    alert.process.args?.push('injected');

    expect(context.args).toEqual(['./payload', '--beacon', '198.51.100.1']);
  });
});
