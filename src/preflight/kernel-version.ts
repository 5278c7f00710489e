import { type HostReader, readText } from './host-reader.js';
import type { CheckResult } from './types.js';

export interface KernelVersion {
  release: string;
  major: number;
  minor: number;
}

/** The BPF ring buffer (BPF_MAP_TYPE_RINGBUF) arrived in 5.8. */
export const RINGBUF_KERNEL = { major: 5, minor: 8 } as const;

export function readKernelVersion(reader: HostReader): KernelVersion | undefined {
  const release = readText(reader, '/proc/sys/kernel/osrelease');
  const match = release?.match(/^(\d+)\.(\d+)/);
  if (release === undefined || !match) return undefined;

  return { release, major: Number(match[1]), minor: Number(match[2]) };
}

export function atLeast(version: KernelVersion, wanted: { major: number; minor: number }) {
  if (version.major !== wanted.major) return version.major > wanted.major;
  return version.minor >= wanted.minor;
}

export function checkKernel(version: KernelVersion | undefined): CheckResult {
  if (version === undefined) {
    return {
      id: 'kernel',
      status: 'warn',
      summary: 'kernel release unknown: /proc/sys/kernel/osrelease is unreadable',
      hint: 'mount procfs at /proc',
      facts: { release: null },
    };
  }
  const facts = { release: version.release };

  if (!atLeast(version, RINGBUF_KERNEL)) {
    return {
      id: 'kernel',
      status: 'fail',
      summary: `kernel ${version.release} is older than 5.8, which the BPF ring buffer needs`,
      hint: 'install a kernel 5.8 or later with CONFIG_DEBUG_INFO_BTF',
      facts,
    };
  }
  return { id: 'kernel', status: 'pass', summary: `kernel ${version.release}`, facts };
}
