import { describe, expect, it } from 'vitest';
import { RUN_USAGE } from '../../src/cli/args.js';
import { CHECK_USAGE } from '../../src/cli/check.js';
import { main } from '../../src/cli/main.js';
import { REPLAY_USAGE } from '../../src/cli/replay-args.js';
import { captureOutput } from './support/output.js';

const output = captureOutput();

describe('main asked for help on each command', () => {
  const cases = [
    { command: 'run', usage: RUN_USAGE, example: 'sudo rwxwatch run' },
    { command: 'replay', usage: REPLAY_USAGE, example: 'rwxwatch replay /var/log/audit' },
    { command: 'check', usage: CHECK_USAGE, example: 'sudo rwxwatch check --json' },
  ];

  it.each(cases)('prints the $command usage with examples and exits 0', async (c) => {
    const code = await main([c.command, '--help']);

    expect(code).toBe(0);
    expect(output.stdout()).toBe(c.usage);
    expect(c.usage).toContain('\nExamples:\n');
    expect(c.usage).toContain(c.example);
  });

  it('lists check among the commands of the top-level usage', async () => {
    await main(['--help']);

    expect(output.stdout()).toMatch(/^ {2}check {6}/m);
  });
});

describe('main with an unknown top-level option', () => {
  it('exits 64 with one line calling it an option', async () => {
    const code = await main(['--verbose']);

    expect(code).toBe(64);
    expect(output.stderr()).toBe('rwxwatch: unknown option "--verbose"; see rwxwatch --help\n');
  });
});

describe('main with an unknown option of a command', () => {
  it("exits 64 pointing at that command's help", async () => {
    const code = await main(['check', '--bogus']);

    expect(code).toBe(64);
    expect(output.stderr()).toMatch(/--bogus.*; see rwxwatch check --help\n$/);
    expect(output.stderr().split('\n')).toHaveLength(2);
  });
});

describe('main with a bad flag value', () => {
  const cases = [
    {
      argv: ['run', '--connect-mode', 'nope'],
      text: '--connect-mode: "nope" is not one of auto, kprobe, tp_btf, tracepoint',
    },
    {
      argv: ['run', '--mprotect-mode', 'tp_btf'],
      text: '--mprotect-mode: "tp_btf" is not one of auto, kprobe, tracepoint',
    },
    { argv: ['run', '--profile', 'strict'], text: '--profile: "strict" is not one of parity' },
    { argv: ['run', '--log-level', 'loud'], text: '--log-level: "loud" is not one of fatal' },
    { argv: ['replay', '--profile', 'x', 'f'], text: '--profile: "x" is not one of parity' },
    { argv: ['replay', '--log-level', 'x', 'f'], text: '--log-level: "x" is not one of' },
  ];

  it.each(cases)('exits 78 naming the flag for $argv', async ({ argv, text }) => {
    const code = await main(argv);

    const message = output.stderr();
    expect(code).toBe(78);
    expect(message).toContain(text);
    expect(message).not.toMatch(/connectMode|mprotectMode|logLevel/);
    expect(message.split('\n')).toHaveLength(2);
  });
});
