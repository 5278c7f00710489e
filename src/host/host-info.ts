import { readFileSync } from 'node:fs';
import { hostname, machine, release } from 'node:os';
import { join } from 'node:path';
import { hostAddresses } from './addresses.js';
import { type OsRelease, readOsRelease } from './os-release.js';

export interface HostInfo {
  id: string;
  name: string;
}

export interface HostOs extends OsRelease {
  type: 'linux';
  /** The running kernel's release, e.g. `6.1.0-18-amd64`. */
  kernel?: string;
}

/** What an alert says about the host; everything past id and name is optional. */
export interface HostContext extends HostInfo {
  os?: HostOs;
  /** Non-loopback addresses (see addresses.ts for what a container sees). */
  ip?: string[];
  /** The kernel's machine name, e.g. `x86_64`, `aarch64`. */
  architecture?: string;
}

/** Where the host's files are; a sensor in a container mounts them elsewhere. */
/** host.name when the sensor's hostname is not the host's (a pod without hostNetwork). */
export const HOST_NAME_ENV = 'RWXWATCH_HOST_NAME';

export interface HostRoots {
  /** The host's root filesystem, `/` unless in a container (e.g. `/host`). */
  hostRoot?: string;
  /** The host's procfs, `/proc` unless in a container (e.g. `/host/proc`). */
  procRoot?: string;
  /**
   * The host's name when the sensor's own is not it: in a pod without host networking the
   * hostname is the pod's, so the DaemonSet passes the node's name (downward API).
   */
  hostName?: string;
}

export const MACHINE_ID_PATHS = ['/etc/machine-id', '/var/lib/dbus/machine-id'] as const;

/**
 * host.id is the machine-id, as Elastic Agent and Auditbeat report it, so
 * alerts join the rest of a host's data. Without one, host.id is the host
 * name and `idSource` says so.
 */
export function readHostInfo(paths: readonly string[] = MACHINE_ID_PATHS): HostInfo & {
  idSource: string;
} {
  const name = hostname();

  for (const path of paths) {
    const id = readTrimmed(path);
    if (id) return { id, name, idSource: path };
  }
  return { id: name, name, idSource: 'hostname' };
}

/** The machine-id files inside `hostRoot`, so a container reads the host's, not its own. */
export function machineIdPaths(hostRoot = '/'): string[] {
  return MACHINE_ID_PATHS.map((path) => join(hostRoot, path));
}

/**
 * Read once when the sensor starts. The kernel and architecture are the host's even in
 * a container (one kernel); the host name is the sensor's UTS namespace's, the host's
 * only when it shares it (hostNetwork does).
 */
export function readHostContext(roots: HostRoots = {}): HostContext & { idSource: string } {
  const hostRoot = roots.hostRoot ?? '/';
  const procRoot = roots.procRoot ?? '/proc';
  const kernel = readTrimmed(join(procRoot, 'sys', 'kernel', 'osrelease')) ?? release();

  const info = readHostInfo(machineIdPaths(hostRoot));
  return {
    ...info,
    name: roots.hostName || info.name,
    os: { type: 'linux', ...readOsRelease(hostRoot), kernel },
    ip: hostAddresses(),
    architecture: machine(),
  };
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
