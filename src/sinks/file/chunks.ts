/**
 * Splits lines into runs that fit in a file of `maxBytes` that already holds `usedBytes`:
 * the first run fills what is left, each later one a fresh file. A line longer than
 * `maxBytes` gets a file of its own rather than being cut.
 */
export function chunkLines(lines: string[], usedBytes: number, maxBytes: number): Buffer[][] {
  const chunks: Buffer[][] = [[]];
  let room = maxBytes - usedBytes;

  for (const line of lines) {
    const bytes = Buffer.from(line);
    const current = chunks[chunks.length - 1] as Buffer[];
    const fileHoldsSomething = current.length > 0 || room < maxBytes;
    if (bytes.length > room && fileHoldsSomething) {
      chunks.push([bytes]);
      room = maxBytes - bytes.length;
      continue;
    }

    current.push(bytes);
    room -= bytes.length;
  }
  return chunks;
}
