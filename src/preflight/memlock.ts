import { type HostReader, readText } from './host-reader.js';
import { atLeast, type KernelVersion } from './kernel-version.js';
import { type CheckResult, checkLine } from './types.js';

/** From 5.11 BPF memory is charged to the memory cgroup and RLIMIT_MEMLOCK is ignored. */
const MEMCG_KERNEL = { major: 5, minor: 11 } as const;
/** Enough for the ring buffer (4 MiB by default) and the maps, with room to spare. */
const ENOUGH_BYTES = 64 * 1024 * 1024;

type Limit = number | 'unlimited';

/** `ulimit -l`: the soft and hard "Max locked memory" of /proc/self/limits. */
export function readMemlock(reader: HostReader): { soft: Limit; hard: Limit } | undefined {
  const limits = readText(reader, '/proc/self/limits') ?? '';
  const match = /^Max locked memory\s+(\S+)\s+(\S+)/m.exec(limits);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;

  return { soft: limit(match[1]), hard: limit(match[2]) };
}

export function checkMemlock(
  memlock: { soft: Limit; hard: Limit } | undefined,
  kernel: KernelVersion | undefined,
): CheckResult {
  const memcg = kernel !== undefined && atLeast(kernel, MEMCG_KERNEL);
  const facts = { soft: memlock?.soft ?? null, hard: memlock?.hard ?? null, memcg };

  if (memcg) {
    const summary = 'BPF memory is charged to the memory cgroup (5.11+); the limit does not apply';
    return checkLine('memlock', 'pass', summary, facts);
  }
  if (memlock === undefined) {
    const hint = 'ulimit -l unlimited (LimitMEMLOCK=infinity under systemd)';
    return checkLine('memlock', 'warn', 'memlock limit unknown', facts, hint);
  }
  if (memlock.soft !== 'unlimited' && memlock.soft < ENOUGH_BYTES) {
    const summary = `memlock limit ${memlock.soft} bytes; libbpf raises it given CAP_SYS_RESOURCE`;
    const hint = 'ulimit -l unlimited (LimitMEMLOCK=infinity under systemd)';
    return checkLine('memlock', 'warn', summary, facts, hint);
  }
  return checkLine('memlock', 'pass', `memlock limit ${memlock.soft}`, facts);
}

function limit(text: string): Limit {
  return text === 'unlimited' ? 'unlimited' : Number(text);
}
