// process.entity_id: one id per process per host, stable across its events and alerts.
// A pid alone is not: the kernel reuses pids. The start time (boot-relative ns, as the
// kernel reports it for every event) tells two holders of one pid apart, and the host id
// keeps ids from different hosts apart.
import { createHash } from 'node:crypto';

/**
 * Length of an entity id: 22 base64url characters carry 132 bits of the sha256, so a
 * collision is not expected before about 2^66 processes.
 */
export const ENTITY_ID_CHARS = 22;

const NS_PER_MS = 1_000_000n;

/** base64url(sha256(`${hostId}|${pid}|${startNs}`)), first ENTITY_ID_CHARS characters. */
export function entityId(hostId: string, pid: number, startNs: bigint): string {
  const digest = createHash('sha256').update(`${hostId}|${pid}|${startNs}`).digest();

  return digest.toString('base64url').slice(0, ENTITY_ID_CHARS);
}

/**
 * process.start as ISO 8601 (ms precision): the boot-relative start plus the same
 * boot-to-realtime offset the events' timestamps were computed with.
 */
export function processStart(startNs: bigint, bootToRealtimeNs: bigint): string {
  return new Date(Number((startNs + bootToRealtimeNs) / NS_PER_MS)).toISOString();
}
