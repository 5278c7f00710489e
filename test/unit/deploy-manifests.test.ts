// deploy/kubernetes: every manifest is a valid Kubernetes object, and the DaemonSet agrees
// with the sensor it runs (its config schema, its health endpoints, the paths it reads).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { ConfigMap, type IContainer, Namespace, ServiceAccount } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { CONFIG_SCHEMA } from '../../src/config/schema.js';
import { HOST_NAME_ENV } from '../../src/host/host-info.js';

const DIR = new URL('../../deploy/kubernetes/', import.meta.url).pathname;
const IMAGE_CONFIG = new URL('../../deploy/rwxwatch.yaml', import.meta.url).pathname;
const DOCKERFILE = new URL('../../deploy/Dockerfile', import.meta.url).pathname;
const CONFIG_KEY = 'config.yaml';
const CAPABILITIES = ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE', 'DAC_READ_SEARCH'];

// Each kind the kustomization lists, with the model that validates it.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  ConfigMap,
  DaemonSet,
};

interface Manifest {
  kind: string;
  [key: string]: unknown;
}

function readYaml(file: string): Manifest {
  return parse(readFileSync(file, 'utf8')) as Manifest;
}

function resources(): Manifest[] {
  const kustomization = readYaml(join(DIR, 'kustomization.yaml'));
  return (kustomization.resources as string[]).map((file) => readYaml(join(DIR, file)));
}

function one<T>(kind: string): T {
  const found = resources().filter((manifest) => manifest.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as T;
}

function daemonSet(): DaemonSet {
  return new DaemonSet(one('DaemonSet'));
}

function container(): IContainer {
  return daemonSet().spec?.template.spec?.containers[0] as IContainer;
}

function sensorConfig() {
  const map = new ConfigMap(one('ConfigMap'));
  return CONFIG_SCHEMA.parse(parse(map.data?.[CONFIG_KEY] ?? ''));
}

/** The URL an exec probe's node one-liner fetches. */
function probeUrl(probe: { exec?: { command?: string[] } } | undefined): URL {
  const command = probe?.exec?.command ?? [];
  const match = command.join(' ').match(/fetch\('([^']+)'\)/);
  expect(command[0]).toBe('node');
  expect(match).not.toBeNull();
  return new URL(match?.[1] as string);
}

describe('deploy/kubernetes manifests against the Kubernetes API schemas', () => {
  it('lists only kinds with a schema, each passing validation', () => {
    const manifests = resources();

    expect(manifests.map((m) => m.kind).sort()).toEqual(Object.keys(MODELS).sort());
    for (const manifest of manifests) {
      const Model = MODELS[manifest.kind];
      expect(() =>
        new (Model as NonNullable<typeof Model>)(manifest as never).validate(),
      ).not.toThrow();
    }
  });

  it('rejects a DaemonSet whose capability is not a string', () => {
    const text = readFileSync(join(DIR, 'daemonset.yaml'), 'utf8');
    const broken = parse(text.replace('add: [BPF,', 'add: [1,')) as never;

    expect(() => new DaemonSet(broken).validate()).toThrow(/must be string/);
  });
});

describe('deploy/kubernetes DaemonSet privileges', () => {
  it('adds exactly the five capabilities after dropping all', () => {
    const capabilities = container().securityContext?.capabilities;

    expect(capabilities?.drop).toEqual(['ALL']);
    expect([...(capabilities?.add ?? [])].sort()).toEqual([...CAPABILITIES].sort());
  });

  it('shares the host pid namespace and nothing else of the host', () => {
    const pod = daemonSet().spec?.template.spec;

    expect(pod?.hostPID).toBe(true);
    expect(pod?.hostNetwork).toBeUndefined();
    expect(pod?.hostIPC).toBeUndefined();
  });

  it('runs as root on a read-only root that can never gain privileges', () => {
    const context = container().securityContext;

    expect(context?.runAsUser).toBe(0);
    expect(context?.privileged).toBe(false);
    expect(context?.allowPrivilegeEscalation).toBe(false);
    expect(context?.readOnlyRootFilesystem).toBe(true);
  });

  it('tolerates every taint so each node gets a sensor', () => {
    const tolerations = daemonSet().spec?.template.spec?.tolerations;

    expect(tolerations).toContainEqual({ operator: 'Exists' });
  });
});

describe('deploy/kubernetes DaemonSet and the sensor configuration', () => {
  it('carries a ConfigMap config that the sensor schema accepts', () => {
    const config = sensorConfig();

    expect(config.procRoot).toBe('/host/proc');
    expect(config.hostRoot).toBe('/host');
    expect(config.metrics.enabled).toBe(true);
  });

  it('probes /healthz and /readyz on loopback at the configured metrics port', () => {
    const { port } = sensorConfig().metrics;
    const c = container();

    const urls = [c.startupProbe, c.livenessProbe, c.readinessProbe].map(probeUrl);
    expect(urls.map((url) => url.pathname)).toEqual(['/healthz', '/healthz', '/readyz']);
    for (const url of urls) {
      expect(url.hostname).toBe('127.0.0.1');
      expect(Number(url.port)).toBe(port);
    }
  });

  it('announces a scrape port that the listener serves beyond loopback', () => {
    const { host, port } = sensorConfig().metrics;
    const annotations = daemonSet().spec?.template.metadata?.annotations ?? {};

    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(Number(annotations['prometheus.io/port'])).toBe(port);
    expect(container().ports).toContainEqual(expect.objectContaining({ containerPort: port }));
    expect(host).not.toMatch(/^(127\.|localhost$|::1$)/);
  });

  it('mounts the host paths the configuration names, read-only', () => {
    const { procRoot, hostRoot } = sensorConfig();
    const mounts = container().volumeMounts ?? [];
    const volumes = daemonSet().spec?.template.spec?.volumes ?? [];
    const hostPathAt = (mountPath: string) => {
      const mount = mounts.find((m) => m.mountPath === mountPath);
      expect(mount?.readOnly).toBe(true);
      return volumes.find((v) => v.name === mount?.name)?.hostPath?.path;
    };

    expect(hostPathAt(procRoot)).toBe('/proc');
    expect(hostPathAt(hostRoot)).toBe('/');
    expect(hostPathAt(join(hostRoot, 'sys/fs/cgroup'))).toBe('/sys/fs/cgroup');
    expect(hostPathAt('/sys/kernel/btf')).toBe('/sys/kernel/btf');
    expect(hostPathAt('/sys/kernel/tracing')).toBe('/sys/kernel/tracing');
  });

  it('keeps the correlation state on the node, in a writable host directory', () => {
    const file = sensorConfig().state.file ?? '';
    const mount = container().volumeMounts?.find((m) => m.mountPath === dirname(file));
    const volume = daemonSet().spec?.template.spec?.volumes?.find((v) => v.name === mount?.name);

    expect(file).not.toBe('');
    expect(mount?.readOnly).toBeFalsy();
    expect(volume?.hostPath).toEqual({ path: dirname(file), type: 'DirectoryOrCreate' });
  });

  it('runs the config file the ConfigMap is mounted as', () => {
    const c = container();
    const mount = c.volumeMounts?.find((m) => m.name === 'config');

    expect(c.args).toEqual(['--config', join(mount?.mountPath ?? '', CONFIG_KEY)]);
  });

  it('passes the node name, as the variable the sensor reads, through the downward API', () => {
    const fields = Object.fromEntries(
      (container().env ?? []).map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath]),
    );
    expect(fields).toEqual({ [HOST_NAME_ENV]: 'spec.nodeName' });
  });
});

describe('deploy/Dockerfile and its default configuration', () => {
  it('loads a config with the listener on loopback and the host at /host', () => {
    const config = loadConfig(IMAGE_CONFIG, {});

    expect(config.metrics).toEqual({ enabled: true, host: '127.0.0.1', port: 9464 });
    expect(config.procRoot).toBe('/host/proc');
    expect(config.hostRoot).toBe('/host');
    expect(config.state.file).toBe('/var/lib/rwxwatch/state.json');
  });

  it('checks health on /healthz at the configured port and runs that config', () => {
    const { port } = loadConfig(IMAGE_CONFIG, {}).metrics;
    const dockerfile = readFileSync(DOCKERFILE, 'utf8');

    expect(dockerfile).toContain(`fetch('http://127.0.0.1:${port}/healthz')`);
    expect(dockerfile).toContain('COPY deploy/rwxwatch.yaml /etc/rwxwatch/config.yaml');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/rwxwatch.js", "run"]');
    expect(dockerfile).toContain('CMD ["--config", "/etc/rwxwatch/config.yaml"]');
  });
});
