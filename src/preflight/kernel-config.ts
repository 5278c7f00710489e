import { gunzipSync } from 'node:zlib';
import type { HostReader } from './host-reader.js';

/** The kernel's build options, as far as the host publishes them. */
export interface KernelConfig {
  /** Where it was read; undefined when neither file is there. */
  source: string | undefined;
  /** `y`, `m`, a value, or `n` for "is not set"; undefined when the file does not say. */
  get(option: string): string | undefined;
}

const NOT_SET = /^# (CONFIG_\w+) is not set$/;
const SET = /^(CONFIG_\w+)=(.*)$/;

export function readKernelConfig(reader: HostReader, release: string | undefined): KernelConfig {
  const gz = reader.read('/proc/config.gz');
  if (gz !== undefined) return parsed('/proc/config.gz', gunzipOrEmpty(gz));

  const boot = release === undefined ? undefined : `/boot/config-${release}`;
  const text = boot === undefined ? undefined : reader.read(boot)?.toString('utf8');
  if (boot !== undefined && text !== undefined) return parsed(boot, text);

  return { source: undefined, get: () => undefined };
}

// A truncated or corrupt config.gz says nothing rather than failing the check.
function gunzipOrEmpty(gz: Buffer): string {
  try {
    return gunzipSync(gz).toString('utf8');
  } catch {
    return '';
  }
}

function parsed(source: string, text: string): KernelConfig {
  const options = new Map<string, string>();

  for (const line of text.split('\n')) {
    const notSet = NOT_SET.exec(line);
    const set = SET.exec(line);
    if (notSet?.[1] !== undefined) options.set(notSet[1], 'n');
    else if (set?.[1] !== undefined && set[2] !== undefined) options.set(set[1], set[2]);
  }
  return { source, get: (option) => options.get(option) };
}
