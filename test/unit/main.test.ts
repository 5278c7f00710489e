import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_USAGE } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { captureOutput } from './support/output.js';

const output = captureOutput();

describe('main asked for the version', () => {
  it.each(['--version', '-V'])("prints package.json's version for %s", async (flag) => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

    const code = await main([flag]);

    expect(code).toBe(0);
    expect(output.stdout()).toBe(`${pkg.version}\n`);
  });
});

describe('main without a command', () => {
  it('prints the usage and exits 64', async () => {
    const code = await main([]);

    expect(code).toBe(64);
    expect(output.stdout()).toMatch(/^Usage: rwxwatch <command>/);
  });

  it('prints the usage and exits 0 when help is asked for', async () => {
    const code = await main(['--help']);

    expect(code).toBe(0);
    expect(output.stdout()).toMatch(/^Usage: rwxwatch <command>/);
  });
});

describe('main with an unknown command', () => {
  it('exits 64 with one line naming the command it did not know', async () => {
    const code = await main(['watch']);

    expect(code).toBe(64);
    expect(output.stderr()).toBe('rwxwatch: unknown command "watch"; see rwxwatch --help\n');
    expect(output.stdout()).toBe('');
  });
});

describe('main run', () => {
  it('prints the run usage and exits 0 for --help', async () => {
    const code = await main(['run', '--help']);

    expect(code).toBe(0);
    expect(output.stdout()).toBe(RUN_USAGE);
  });

  it('exits 78 with one rwxwatch line on stderr for a bad --lookback', async () => {
    const code = await main(['run', '--lookback', 'x']);

    const message = output.stderr();
    expect(code).toBe(78);
    expect(message).toMatch(/^rwxwatch: .*--lookback.*\(CONFIG_INVALID\)\n$/);
    expect(message.split('\n')).toHaveLength(2);
  });

  it('exits 64 with one rwxwatch line on stderr for an unknown option', async () => {
    const code = await main(['run', '--bogus']);

    expect(code).toBe(64);
    expect(output.stderr()).toMatch(/^rwxwatch: .*--bogus.*\n$/);
  });
});
