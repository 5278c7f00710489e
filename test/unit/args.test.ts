import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/args.js';
import { ConfigError } from '../../src/errors.js';
import { thrownBy } from './support/thrown.js';

describe('parseRunArgs without options', () => {
  it('asks for no help, no file and no overrides', () => {
    const args = parseRunArgs([]);

    expect(args).toEqual({
      help: false,
      configFile: undefined,
      overrides: {
        lookbackMs: undefined,
        mprotectMode: undefined,
        connectMode: undefined,
        logLevel: undefined,
      },
    });
  });
});

describe('parseRunArgs with each option', () => {
  const cases = [
    { argv: ['--config', '/etc/rwxwatch.json'], expected: { configFile: '/etc/rwxwatch.json' } },
    { argv: ['-c', 'local.json'], expected: { configFile: 'local.json' } },
    { argv: ['--help'], expected: { help: true } },
    { argv: ['-h'], expected: { help: true } },
    { argv: ['--lookback', '2m'], expected: { overrides: { lookbackMs: 120_000 } } },
    { argv: ['--profile', 'hardened'], expected: { overrides: { profile: 'hardened' } } },
    { argv: ['--mprotect-mode', 'kprobe'], expected: { overrides: { mprotectMode: 'kprobe' } } },
    { argv: ['--connect-mode', 'tp_btf'], expected: { overrides: { connectMode: 'tp_btf' } } },
    { argv: ['--log-level', 'debug'], expected: { overrides: { logLevel: 'debug' } } },
  ];

  it.each(cases)('reads $argv', ({ argv, expected }) => {
    const args = parseRunArgs(argv);

    expect(args).toMatchObject(expected);
  });

  it('reads all options together', () => {
    const argv = [
      '-c',
      'a.json',
      '--lookback',
      '30s',
      '--log-level',
      'warn',
      '--connect-mode=kprobe',
    ];

    const args = parseRunArgs(argv);

    expect(args.configFile).toBe('a.json');
    expect(args.overrides).toEqual({
      lookbackMs: 30_000,
      mprotectMode: undefined,
      connectMode: 'kprobe',
      logLevel: 'warn',
    });
  });
});

describe('parseRunArgs with a bad command line', () => {
  it('throws a ConfigError naming --lookback for a value that is not a duration', () => {
    const error = thrownBy(() => parseRunArgs(['--lookback', 'soon']), ConfigError);

    expect(error.source).toBe('command line');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toContain('--lookback');
    expect(error.issues[0]).toContain('"soon"');
  });

  it('throws on an unknown option, naming it', () => {
    const parse = () => parseRunArgs(['--lookbak', '9m']);

    expect(parse).toThrow(/--lookbak/);
  });

  it('throws on an option that is missing its value', () => {
    const parse = () => parseRunArgs(['--lookback']);

    expect(parse).toThrow(/--lookback/);
  });
});
