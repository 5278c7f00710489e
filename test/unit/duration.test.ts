import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../src/config/duration.js';

describe('parseDurationMs with a well-formed duration', () => {
  const cases = [
    { text: '500ms', ms: 500 },
    { text: '30s', ms: 30_000 },
    { text: '9m', ms: 540_000 },
    { text: '1h', ms: 3_600_000 },
    { text: '0s', ms: 0 },
    { text: ' 2m\n', ms: 120_000 },
  ];

  it.each(cases)('reads $text as $ms ms', ({ text, ms }) => {
    const result = parseDurationMs(text);

    expect(result).toBe(ms);
  });
});

describe('parseDurationMs with a malformed duration', () => {
  const cases = ['', '9', 'm', '1.5m', '-1m', '9 m', '9M', '1d', '9mm', '1h30m'];

  it.each(cases)('returns undefined for %j', (text) => {
    const result = parseDurationMs(text);

    expect(result).toBeUndefined();
  });
});
