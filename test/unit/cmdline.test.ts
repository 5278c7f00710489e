import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  boundArgs,
  MAX_ARGS,
  MAX_ARGS_BYTES,
  MAX_CMDLINE_SCAN_BYTES,
  readArgs,
} from '../../src/enrich/cmdline.js';
import { cmdlineBytes, removeDir, tempDir } from './support/fake-proc.js';

let dir: string;

beforeEach(() => {
  dir = tempDir('cmdline');
});

afterEach(() => {
  removeDir(dir);
});

function cmdlineFile(bytes: Buffer): string {
  const path = join(dir, 'cmdline');
  writeFileSync(path, bytes);
  return path;
}

describe('readArgs for an ordinary command line', () => {
  it('splits on NUL and counts every argument', () => {
    const path = cmdlineFile(cmdlineBytes(['/usr/bin/curl', '-s', 'https://example.test/x']));

    const args = readArgs(path);

    expect(args).toEqual({
      ok: true,
      value: {
        values: ['/usr/bin/curl', '-s', 'https://example.test/x'],
        count: { ok: true, value: 3 },
        truncated: false,
      },
    });
  });

  it('keeps empty arguments and a last one without its NUL, as setproctitle leaves it', () => {
    const path = cmdlineFile(Buffer.from('nginx: worker\0\0process'));

    const args = readArgs(path);

    expect(args.ok && args.value.values).toEqual(['nginx: worker', '', 'process']);
    expect(args.ok && args.value.count).toEqual({ ok: true, value: 3 });
  });
});

describe('readArgs past the bounds', () => {
  it('keeps MAX_ARGS arguments and counts them all', () => {
    const many = Array.from({ length: MAX_ARGS + 20 }, (_, i) => String(i));
    const path = cmdlineFile(cmdlineBytes(many));

    const args = readArgs(path);

    expect(args.ok && args.value.values).toHaveLength(MAX_ARGS);
    expect(args.ok && args.value.count).toEqual({ ok: true, value: MAX_ARGS + 20 });
    expect(args.ok && args.value.truncated).toBe(true);
  });

  it('keeps MAX_ARGS_BYTES bytes, cutting the argument that crosses the bound', () => {
    const payload = 'A'.repeat(MAX_ARGS_BYTES * 2);
    const path = cmdlineFile(cmdlineBytes(['python3', '-c', payload]));

    const args = readArgs(path);

    const values = args.ok ? args.value.values : [];
    expect(values.slice(0, 2)).toEqual(['python3', '-c']);
    expect(values.join('\0').length).toBe(MAX_ARGS_BYTES);
    expect(args.ok && args.value.count).toEqual({ ok: true, value: 3 });
    expect(args.ok && args.value.truncated).toBe(true);
  });

  it('gives up the count past the scan limit but keeps the head', () => {
    const path = cmdlineFile(Buffer.alloc(MAX_CMDLINE_SCAN_BYTES + 1, 0x41));

    const args = readArgs(path);

    expect(args.ok && args.value.count).toEqual({
      ok: false,
      reason: 'TOO_LONG: command line past the scan limit, arguments not counted',
    });
    expect(args.ok && args.value.values[0]).toHaveLength(MAX_ARGS_BYTES);
    expect(args.ok && args.value.truncated).toBe(true);
  });
});

describe('readArgs without a command line', () => {
  it('says why for an empty file (kernel thread or exited process)', () => {
    const path = cmdlineFile(Buffer.alloc(0));

    const args = readArgs(path);

    expect(args).toEqual({ ok: false, reason: 'EMPTY_CMDLINE: kernel thread or exited process' });
  });

  it('says the process exited when the file is gone', () => {
    const args = readArgs(join(dir, 'gone'));

    expect(args).toEqual({ ok: false, reason: 'ENOENT: process exited' });
  });
});

describe('boundArgs for a head that ends exactly on a NUL', () => {
  it('marks the arguments beyond the head as cut', () => {
    const head = cmdlineBytes(['a', 'b']);
    const scan = { head, totalBytes: 10, nulCount: 4, endsWithNul: true, cutShort: false };

    const args = boundArgs(scan);

    expect(args).toEqual({ values: ['a', 'b'], count: { ok: true, value: 4 }, truncated: true });
  });
});
