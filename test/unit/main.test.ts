import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { RUN_USAGE } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';

type Write = typeof process.stdout.write;

let stdout: MockInstance<Write>;
let stderr: MockInstance<Write>;

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function written(spy: MockInstance<Write>): string {
  return spy.mock.calls.map(([chunk]) => String(chunk)).join('');
}

describe('main asked for the version', () => {
  it.each(['--version', '-V'])("prints package.json's version for %s", async (flag) => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

    const code = await main([flag]);

    expect(code).toBe(0);
    expect(written(stdout)).toBe(`${pkg.version}\n`);
  });
});

describe('main without a command', () => {
  it('prints the usage and exits 64', async () => {
    const code = await main([]);

    expect(code).toBe(64);
    expect(written(stdout)).toMatch(/^Usage: rwxwatch <command>/);
  });

  it('prints the usage and exits 0 when help is asked for', async () => {
    const code = await main(['--help']);

    expect(code).toBe(0);
    expect(written(stdout)).toMatch(/^Usage: rwxwatch <command>/);
  });
});

describe('main with an unknown command', () => {
  it('exits 64 with one line naming the command it did not know', async () => {
    const code = await main(['watch']);

    expect(code).toBe(64);
    expect(written(stderr)).toBe('rwxwatch: unknown command "watch"; see rwxwatch --help\n');
    expect(written(stdout)).toBe('');
  });
});

describe('main run', () => {
  it('prints the run usage and exits 0 for --help', async () => {
    const code = await main(['run', '--help']);

    expect(code).toBe(0);
    expect(written(stdout)).toBe(RUN_USAGE);
  });

  it('exits 78 with one rwxwatch line on stderr for a bad --lookback', async () => {
    const code = await main(['run', '--lookback', 'x']);

    const message = written(stderr);
    expect(code).toBe(78);
    expect(message).toMatch(/^rwxwatch: .*--lookback.*\(CONFIG_INVALID\)\n$/);
    expect(message.split('\n')).toHaveLength(2);
  });

  it('exits 64 with one rwxwatch line on stderr for an unknown option', async () => {
    const code = await main(['run', '--bogus']);

    expect(code).toBe(64);
    expect(written(stderr)).toMatch(/^rwxwatch: .*--bogus.*\n$/);
  });
});
