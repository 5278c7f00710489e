import { describe, expect, it } from 'vitest';
import { UsageError } from '../../bench/options.js';
import { parseSoakOptions } from '../../bench/soak/options.js';

describe('soak options', () => {
  it('defaults to ten minutes, a sample every 2 s and 20 alerting processes a second', () => {
    const options = parseSoakOptions([]);

    expect(options).toEqual({ minutes: 10, sampleMs: 2_000, spawnPerS: 20 });
  });

  it('reads --minutes, fractions included, and the other flags', () => {
    const argv = ['--minutes', '1.5', '--sample-seconds', '5', '--spawn-rate', '50'];

    const options = parseSoakOptions(argv);

    expect(options).toEqual({ minutes: 1.5, sampleMs: 5_000, spawnPerS: 50 });
  });

  it('refuses values out of range, non-numbers and unknown flags', () => {
    expect(() => parseSoakOptions(['--minutes', '0'])).toThrow(UsageError);
    expect(() => parseSoakOptions(['--minutes', 'ten'])).toThrow('--minutes must be a number');
    expect(() => parseSoakOptions(['--spawn-rate', '2.5'])).toThrow('whole number');
    expect(() => parseSoakOptions(['--sample-seconds', '0.1'])).toThrow(UsageError);
    expect(() => parseSoakOptions(['--hours', '1'])).toThrow(UsageError);
  });

  it('asks for help with --help', () => {
    expect(() => parseSoakOptions(['--help'])).toThrow(expect.objectContaining({ help: true }));
  });
});
