import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface HostInfo {
  id: string;
  name: string;
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

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
