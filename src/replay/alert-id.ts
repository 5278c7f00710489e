import { createHash } from 'node:crypto';
import type { Match } from '../correlate/types.js';

// A namespace of rwxwatch's own, so these ids never collide with another tool's v5 ids.
const REPLAY_NAMESPACE = Buffer.from('65e983c662674e6aa110d298e07802ab', 'hex');
const UUID_BYTES = 16;

/**
 * The alert id in replay: a UUIDv5 (RFC 9562, SHA-1 of namespace and name) whose name
 * is the JSON of [host id, pid, process name, then time ms, kernel ns and thread id of
 * the mprotect and of the connect]. The same pair always gets the same id, so a replay
 * run twice prints identical alerts; live alerts keep random (v4) ids.
 */
export function replayAlertId(match: Match): string {
  const { key, mprotect, connect } = match;
  const name = JSON.stringify([
    key.hostId,
    key.pid,
    key.name,
    ...[mprotect, connect].flatMap((e) => [e.timeMs, `${e.ktimeNs}`, e.tid]),
  ]);

  const bytes = createHash('sha1').update(REPLAY_NAMESPACE).update(name).digest();
  // The version (5) in the high nibble of byte 6, the variant (0b10) atop byte 8.
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  return formatUuid(bytes.subarray(0, UUID_BYTES).toString('hex'));
}

function formatUuid(hex: string): string {
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];

  return [...groups, hex.slice(20)].join('-');
}
