import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { formatOf } from '../../src/config/read-file.js';
import { ConfigError } from '../../src/errors.js';
import { thrownBy } from './support/thrown.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PARITY_DESTINATIONS = ['127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '::1'];
const HARDENED_EXTRAS = ['fe80::/10', 'ff00::/8', '0.0.0.0/8', '::/128'];

describe('formatOf given configuration file names', () => {
  const cases = [
    { name: '/etc/rwxwatch.yaml', format: 'yaml' },
    { name: 'rwxwatch.yml', format: 'yaml' },
    { name: 'RWXWATCH.YML', format: 'yaml' },
    { name: 'rwxwatch.json', format: 'json' },
    { name: 'rwxwatch.conf', format: 'json' },
    { name: 'rwxwatch', format: 'json' },
  ];

  it.each(cases)('reads $name as $format', ({ name, format }) => {
    const result = formatOf(name);

    expect(result).toBe(format);
  });
});

describe('loadConfig with a YAML file', () => {
  const yaml = [
    'profile: hardened',
    'lookbackMs: 120000',
    'exclude:',
    '  processNames: [java]',
    '  executables:',
    '    - /usr/lib/jvm/bin/java',
    '',
  ].join('\n');

  it.each(['rwxwatch.yaml', 'rwxwatch.yml'])('reads the settings from %s', (name) => {
    const config = loadConfig(file(name, yaml), {});

    expect(config.profile).toBe('hardened');
    expect(config.lookbackMs).toBe(120_000);
    expect(config.exclude.processNames).toEqual(['java']);
    expect(config.exclude.executables).toEqual(['/usr/lib/jvm/bin/java']);
  });

  it('reads JSON from a file whose extension is not a YAML one', () => {
    const config = loadConfig(file('rwxwatch.conf', '{ "profile": "hardened" }'), {});

    expect(config.profile).toBe('hardened');
  });
});

describe('loadConfig with a YAML file it cannot use', () => {
  const cases = [
    { problem: 'a syntax error', text: 'lookbackMs: [1,\n', issue: /^not valid YAML: / },
    { problem: 'a duplicated key', text: 'logLevel: warn\nlogLevel: info\n', issue: /unique/ },
    { problem: 'two documents', text: 'logLevel: warn\n---\nlogLevel: info\n', issue: /multiple/ },
    { problem: 'an unknown tag', text: 'logLevel: !level warn\n', issue: /Unresolved tag/ },
    { problem: 'a list at the top level', text: '- 1\n', issue: /^the top level must be/ },
    { problem: 'no document at all', text: '# nothing\n', issue: /^the top level must be/ },
  ];

  it.each(cases)('rejects $problem with one line naming the file', ({ text, issue }) => {
    const path = file('bad.yaml', text);

    const error = thrownBy(() => loadConfig(path, {}), ConfigError);

    expect(error.source).toBe(path);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(issue);
    expect(error.issues[0]).not.toContain('\n');
  });

  it('rejects an alias bomb instead of expanding it', () => {
    const level = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(of)}]`;
    const text = [
      level('a', 'x'),
      level('b', '*a'),
      level('c', '*b'),
      level('d', '*c'),
      level('e', '*d'),
    ].join('\n');

    const error = thrownBy(() => loadConfig(file('bomb.yml', text), {}), ConfigError);

    expect(error.issues).toEqual([expect.stringMatching(/^not valid YAML: .*alias/i)]);
  });
});

describe('loadConfig choosing a profile', () => {
  it('defaults to parity with the rule exclusions', () => {
    const config = loadConfig(undefined, {});

    expect(config.profile).toBe('parity');
    expect(config.exclude).toEqual({
      processNames: ['httpd'],
      executables: [],
      destinations: PARITY_DESTINATIONS,
    });
  });

  it('gives the hardened profile its extra destinations', () => {
    const config = loadConfig(undefined, { profile: 'hardened' });

    expect(config.exclude.destinations).toEqual([...PARITY_DESTINATIONS, ...HARDENED_EXTRAS]);
    expect(config.exclude.processNames).toEqual(['httpd']);
  });

  it('lets --profile override the profile of the file, defaults included', () => {
    const path = file('rwxwatch.yaml', 'profile: hardened\n');

    const config = loadConfig(path, { profile: 'parity' });

    expect(config.profile).toBe('parity');
    expect(config.exclude.destinations).toEqual(PARITY_DESTINATIONS);
  });

  it('names profile when it is neither parity nor hardened', () => {
    const error = thrownBy(
      () => loadConfig(undefined, { profile: 'strict' as never }),
      ConfigError,
    );

    expect(error.issues).toEqual([expect.stringMatching(/^profile: /)]);
  });
});

describe('loadConfig with configured exclude lists', () => {
  it('replaces the default of a list given, and only that list', () => {
    const text = 'profile: hardened\nexclude:\n  destinations: [10.0.0.0/8]\n';

    const config = loadConfig(file('rwxwatch.yaml', text), {});

    expect(config.exclude.destinations).toEqual(['10.0.0.0/8']);
    expect(config.exclude.processNames).toEqual(['httpd']);
  });

  it('takes an empty list as "exclude nothing", not as the default', () => {
    const text = '{ "exclude": { "processNames": [], "destinations": [] } }';

    const config = loadConfig(file('rwxwatch.json', text), {});

    expect(config.exclude.processNames).toEqual([]);
    expect(config.exclude.destinations).toEqual([]);
  });
});

describe('loadConfig with invalid exclude entries', () => {
  it('names exclude.destinations[i] and the value of an invalid CIDR', () => {
    const text = 'exclude:\n  destinations: [10.0.0.0/8, 10.0.0.0/33, "::1"]\n';

    const error = thrownBy(() => loadConfig(file('rwxwatch.yaml', text), {}), ConfigError);

    expect(error.issues).toEqual([
      'exclude.destinations[1]: "10.0.0.0/33" is not an IP address or CIDR range',
    ]);
  });

  it('reports every bad entry of every list at once', () => {
    const text = JSON.stringify({
      exclude: {
        processNames: ['a-name-far-too-long-for-comm'],
        executables: ['bin/java'],
        destinations: ['localhost'],
      },
    });

    const error = thrownBy(() => loadConfig(file('rwxwatch.json', text), {}), ConfigError);

    const keys = error.issues.map((issue) => issue.split(': ')[0]);
    expect(keys).toEqual([
      'exclude.processNames[0]',
      'exclude.executables[0]',
      'exclude.destinations[0]',
    ]);
    expect(error.issues[1]).toContain('absolute path');
  });

  it('names an unknown key inside exclude', () => {
    const error = thrownBy(
      () => loadConfig(file('rwxwatch.json', '{ "exclude": { "names": ["x"] } }'), {}),
      ConfigError,
    );

    expect(error.issues).toEqual([expect.stringMatching(/^exclude: .*"names"/)]);
  });
});
