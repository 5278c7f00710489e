// What was read about each process at its first event, kept until the kernel reports
// its exit or room runs out. Keyed by pid and start time: one process per boot.
import { CacheSizeError } from './errors.js';

/**
 * Processes remembered. An entry holds a few paths and at most MAX_ARGS_BYTES (8 KiB)
 * of arguments: typically 1 KiB, at worst about 28 KiB, so about 2 MiB in practice and
 * under 60 MiB if every entry were as large as an attacker can make it.
 */
export const PROCESS_CACHE_ENTRIES = 2048;

export interface ProcessCacheStats {
  size: number;
  capacity: number;
  /** Entries dropped to make room, before their process exited. */
  evictions: number;
}

export class ProcessCache<T> {
  // A Map iterates in insertion order; re-inserting on use keeps the oldest first.
  private readonly entries = new Map<string, T>();
  private evictions = 0;

  constructor(readonly capacity: number = PROCESS_CACHE_ENTRIES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new CacheSizeError(capacity);
  }

  /** The entry, marked as recently used; undefined when absent. */
  get(pid: number, startNs: bigint): T | undefined {
    const key = keyOf(pid, startNs);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;

    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(pid: number, startNs: bigint, entry: T): void {
    const key = keyOf(pid, startNs);
    this.entries.delete(key);

    if (this.entries.size >= this.capacity) this.evictOldest();
    this.entries.set(key, entry);
  }

  /** Drops a process that exited; true when it was held. */
  forget(pid: number, startNs: bigint): boolean {
    return this.entries.delete(keyOf(pid, startNs));
  }

  stats(): ProcessCacheStats {
    return { size: this.entries.size, capacity: this.capacity, evictions: this.evictions };
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (oldest.done === true) return;

    this.entries.delete(oldest.value);
    this.evictions += 1;
  }
}

function keyOf(pid: number, startNs: bigint): string {
  return `${pid}:${startNs}`;
}
