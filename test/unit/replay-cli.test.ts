import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { parseReplayArgs, REPLAY_USAGE } from '../../src/cli/replay-args.js';
import { MissingReplayInputError } from '../../src/replay/errors.js';
import { captureOutput } from './support/output.js';
import { FIXTURES } from './support/replay.js';
import { thrownBy } from './support/thrown.js';

const output = captureOutput();

const FILES = ['audit.log', 'ecs-export.ndjson', 'sensor-recording.ndjson'].map(
  (name) => `${FIXTURES}${name}`,
);

describe('parseReplayArgs', () => {
  it('reads the files and every option', () => {
    const argv = ['-c', 'a.json', '--profile', 'hardened', '--host-id', 'h', 'x.log', 'y.ndjson'];

    const args = parseReplayArgs([...argv, '--log-level', 'warn']);

    expect(args).toEqual({
      help: false,
      files: ['x.log', 'y.ndjson'],
      configFile: 'a.json',
      hostId: 'h',
      overrides: { profile: 'hardened', logLevel: 'warn' },
    });
  });

  it('asks for help without files', () => {
    const args = parseReplayArgs(['--help']);

    expect(args.help).toBe(true);
  });

  it('throws MissingReplayInputError without a file', () => {
    const error = thrownBy(() => parseReplayArgs(['--host-id', 'h']), MissingReplayInputError);

    expect(error.code).toBe('REPLAY_NO_INPUT');
  });

  it('throws on an unknown option, naming it', () => {
    const parse = () => parseReplayArgs(['--follow', 'x.log']);

    expect(parse).toThrow(/--follow/);
  });
});

describe('parseRunArgs with --record', () => {
  it('reads the recording file as a run option, not a config key', () => {
    const args = parseRunArgs(['--record', '/var/log/rwxwatch/events.ndjson']);

    expect(args.recordFile).toBe('/var/log/rwxwatch/events.ndjson');
    expect(args.overrides).not.toHaveProperty('recordFile');
  });
});

describe('main replay given the fixtures', () => {
  it('prints one ECS alert per line on stdout and exits 0', async () => {
    const code = await main(['replay', '--log-level', 'silent', ...FILES]);

    const alerts = output
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(code).toBe(0);
    expect(alerts.map((a) => [a.process.name, a.destination.ip])).toEqual([
      ['trigger', '198.51.100.2'],
      ['loader', '203.0.113.7'],
      ['trigger', '198.51.100.2'],
    ]);
    expect(output.stderr()).toBe('');
  });

  it('prints the same bytes on a second run', async () => {
    await main(['replay', '--log-level', 'silent', '--host-id', 'h', ...FILES]);
    const first = output.stdout();
    output.clearStdout();

    await main(['replay', '--log-level', 'silent', '--host-id', 'h', ...FILES]);

    expect(output.stdout()).toBe(first);
    expect(first.split('\n')).toHaveLength(3);
  });
});

describe('main replay on a bad command line or input', () => {
  it('prints the replay usage and exits 0 for --help', async () => {
    const code = await main(['replay', '--help']);

    expect(code).toBe(0);
    expect(output.stdout()).toBe(REPLAY_USAGE);
  });

  it('exits 64 with one line on stderr without a file', async () => {
    const code = await main(['replay']);

    expect(code).toBe(64);
    expect(output.stderr()).toMatch(/^rwxwatch: .*FILE.*\(REPLAY_NO_INPUT\)\n$/);
  });

  it('exits 66 naming the file that cannot be opened, and prints no alert', async () => {
    const missing = join(FIXTURES, 'missing.log');

    const code = await main(['replay', '--log-level', 'silent', ...FILES, missing]);

    expect(code).toBe(66);
    expect(output.stderr()).toMatch(/^rwxwatch: cannot read .*missing\.log: .*ENOENT/);
    expect(output.stderr()).toMatch(/\(REPLAY_INPUT_UNREADABLE\)\n$/);
    expect(output.stdout()).toBe('');
  });

  it('exits 78 for a profile that does not exist', async () => {
    const code = await main(['replay', '--profile', 'paranoid', ...FILES]);

    expect(code).toBe(78);
    expect(output.stderr()).toMatch(/profile/);
  });
});
