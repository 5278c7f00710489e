import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One spool file: alerts as NDJSON, in the order they were spooled. */
export interface Segment {
  seq: number;
  bytes: number;
}

const NAME = /^(\d{12})\.ndjson$/;

export function segmentPath(dir: string, seq: number): string {
  return join(dir, `${String(seq).padStart(12, '0')}.ndjson`);
}

/** The spool's files, oldest first; other files in the directory are ignored. */
export async function listSegments(dir: string): Promise<Segment[]> {
  const segments: Segment[] = [];

  for (const name of await readdir(dir)) {
    const seq = NAME.exec(name)?.[1];
    if (seq === undefined) continue;

    const { size } = await stat(join(dir, name));
    segments.push({ seq: Number(seq), bytes: size });
  }
  return segments.sort((a, b) => a.seq - b.seq);
}

export function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}
