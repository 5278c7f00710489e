// bpf/events.h is the one layout; src/events/layout.ts and the addon mirror
// it. This compiles the header with the C compiler and compares every size
// and offset, so a change on one side cannot silently break the other.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONNECT_OFFSETS,
  EXIT_OFFSETS,
  HEADER_OFFSETS,
  MPROTECT_OFFSETS,
  RECORD_KINDS,
  RECORD_SIZES,
} from '../../src/events/layout.js';
import { addonCandidates, loadBinding } from '../../src/native/load.js';

const HEADER = new URL('../../bpf/events.h', import.meta.url).pathname;

// The offset objects are keyed by the C member names, so offsetof() takes them as they are.
const FIELDS = [
  ['rwx_header', HEADER_OFFSETS],
  ['rwx_mprotect', MPROTECT_OFFSETS],
  ['rwx_connect', CONNECT_OFFSETS],
  ['rwx_exit', EXIT_OFFSETS],
] as const;

/** Builds and runs a C program that prints the header's real layout as JSON. */
function measureHeader(dir: string): Record<string, number> {
  const lines: string[] = [];
  for (const [struct, offsets] of FIELDS) {
    lines.push(`P("${struct}", sizeof(struct ${struct}));`);
    for (const field of Object.keys(offsets)) {
      lines.push(`P("${struct}.${field}", offsetof(struct ${struct}, ${field}));`);
    }
  }
  const source = `#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include "${HEADER}"
#define P(k, v) printf("\\"%s\\": %zu,", k, (size_t)(v))
int main(void) { printf("{"); ${lines.join(' ')}
printf("\\"kind.mprotect\\": %d, \\"kind.connect\\": %d, \\"kind.exit\\": %d}",
  RWX_KIND_MPROTECT, RWX_KIND_CONNECT, RWX_KIND_EXIT); }`;

  writeFileSync(join(dir, 'layout.c'), source);
  execFileSync('cc', ['-o', join(dir, 'layout'), join(dir, 'layout.c')]);
  return JSON.parse(execFileSync(join(dir, 'layout'), { encoding: 'utf8' }));
}

describe('record layout against bpf/events.h', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rwxwatch-layout-'));
  const measured = measureHeader(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches every struct size', () => {
    expect(measured.rwx_header).toBe(RECORD_SIZES.header);
    expect(measured.rwx_mprotect).toBe(RECORD_SIZES.mprotect);
    expect(measured.rwx_connect).toBe(RECORD_SIZES.connect);
    expect(measured.rwx_exit).toBe(RECORD_SIZES.exit);
  });

  it('matches every field offset', () => {
    for (const [struct, offsets] of FIELDS) {
      for (const [field, offset] of Object.entries(offsets)) {
        expect({ field: `${struct}.${field}`, offset: measured[`${struct}.${field}`] }).toEqual({
          field: `${struct}.${field}`,
          offset,
        });
      }
    }
  });

  it('matches the record kinds', () => {
    expect(measured['kind.mprotect']).toBe(RECORD_KINDS.mprotect);
    expect(measured['kind.connect']).toBe(RECORD_KINDS.connect);
    expect(measured['kind.exit']).toBe(RECORD_KINDS.exit);
  });

  it('matches the sizes the addon was compiled with', () => {
    const binding = loadBinding(addonCandidates());

    expect(binding.layout).toEqual({
      header: RECORD_SIZES.header,
      mprotect: RECORD_SIZES.mprotect,
      connect: RECORD_SIZES.connect,
      exit: RECORD_SIZES.exit,
    });
  });
});
