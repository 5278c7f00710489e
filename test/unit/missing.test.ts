import { describe, expect, it } from 'vitest';
import { MissingFields, procReason } from '../../src/enrich/missing.js';

function errnoError(code: string | undefined): NodeJS.ErrnoException {
  return Object.assign(new Error('read failed'), { code });
}

describe('procReason for failed procfs reads', () => {
  it.each([
    ['ENOENT', 'ENOENT: process exited'],
    ['ESRCH', 'ENOENT: process exited'],
    ['EACCES', 'EACCES: permission denied'],
    ['EPERM', 'EPERM: permission denied'],
    ['EIO', 'EIO: read failed'],
    [undefined, 'UNKNOWN: read failed'],
  ])('turns %s into "%s"', (code, expected) => {
    const reason = procReason(errnoError(code));

    expect(reason).toBe(expected);
  });
});

describe('MissingFields', () => {
  it('returns read values and lists failed ones in order', () => {
    const missing = new MissingFields();

    const values = [
      missing.take('a', { ok: true, value: 1 }),
      missing.take('b', { ok: false, reason: 'EIO: read failed' }),
    ];

    expect(values).toEqual([1, undefined]);
    expect(missing.list).toEqual([{ field: 'b', reason: 'EIO: read failed' }]);
  });
});
