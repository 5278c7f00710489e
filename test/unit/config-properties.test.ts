import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { hostileString, RUNS, rawControls } from './support/hostile.js';

const TOP_KEYS = [
  'profile',
  'lookbackMs',
  'intervalMs',
  'maxAlertsPerInterval',
  'exclude',
  'mprotectMode',
  'connectMode',
  'logLevel',
  'ringBytes',
  'statsIntervalMs',
  'kernel',
  'procRoot',
  'hostRoot',
  'processCacheEntries',
  'sinks',
  'metrics',
];
const NESTED_KEYS = [
  'processNames',
  'executables',
  'destinations',
  'filterDestinations',
  'wakeupBytes',
  'pollIntervalMs',
  'aggregationRefreshMs',
  'enabled',
  'host',
  'port',
];
const SINK_KEYS = ['type', 'path', 'node', 'namespace', 'apiKey', 'username', 'password'];

// `(top level)`, `lookbackMs`, `exclude.destinations[2]`, `sinks[0].node`, ...
const NAMED_ISSUE = /^(\(top level\)|[A-Za-z]+(\.[A-Za-z]+|\[\d+\])*): \S/;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-config-fuzz-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Values near the real ones, so that documents get past the first check now and then.
const scalar = fc.oneof(
  fc.constantFrom('parity', 'hardened', 'auto', 'kprobe', 'debug', '/proc', '10.0.0.0/8'),
  fc.constantFrom('stdout', 'file', 'elasticsearch', 'http://127.0.0.1:9200', '/var/x'),
  fc.constantFrom(0, 1, -1, 4096, 1 << 22, 2 ** 53, 0.5, true, false, null),
  fc.string(),
  hostileString(16),
  fc.integer(),
);

const sinkEntry = fc.dictionary(fc.constantFrom(...SINK_KEYS, 'bogus'), scalar, {
  maxKeys: 4,
});

// A key the schema does not know, spelled to break the line the CLI prints.
const hostileKey = hostileString(12).filter((key) => key !== '' && !TOP_KEYS.includes(key));

const nestedValue = fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 2 }));

const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...NESTED_KEYS), hostileKey), nestedValue, {
    maxKeys: 3,
  }),
  fc.array(sinkEntry, { maxLength: 2 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** An object document with mostly real keys and arbitrary values. */
const topKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOP_KEYS) },
  fc.constantFrom('bogus', '__proto__'),
  hostileKey,
);
const shapedDocument = fc.dictionary(topKey, value, { maxKeys: 5 });

const hostileDestinations = fc
  .array(hostileString(16), { minLength: 1, maxLength: 3 })
  .map((destinations) => ({ exclude: { destinations } }));

const serialised = fc.oneof(
  hostileDestinations.map((doc) => ({ name: 'hostile.json', text: JSON.stringify(doc) })),
  shapedDocument.map((doc) => ({ name: 'shaped.json', text: JSON.stringify(doc) })),
  shapedDocument.map((doc) => ({ name: 'shaped.yaml', text: stringify(doc) })),
);

const anyText = fc.oneof(
  fc.jsonValue().map((doc) => ({ name: 'any.json', text: JSON.stringify(doc) ?? '' })),
  fc.jsonValue().map((doc) => ({ name: 'any.yaml', text: stringify(doc) })),
  fc.string({ unit: 'binary' }).map((text) => ({ name: 'raw.yaml', text })),
  hostileString(200).map((text) => ({ name: 'raw.json', text })),
  fc
    .array(fc.tuple(fc.constantFrom(...TOP_KEYS), fc.string()), { maxLength: 4 })
    .map((pairs) => ({ name: 'lines.yml', text: pairs.map(([k, v]) => `${k}: ${v}`).join('\n') })),
);

/** The configuration, or the ConfigError it threw; any other exception fails the test. */
function load(name: string, text: string): unknown {
  const path = join(dir, name);
  writeFileSync(path, text);

  try {
    return loadConfig(path, {});
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('loadConfig given documents with real keys and random values', () => {
  it('loads or throws a ConfigError whose every issue names a key', () => {
    const property = fc.property(serialised, ({ name, text }) => {
      const outcome = load(name, text);

      if (outcome instanceof ConfigError) {
        expect(outcome.issues.length).toBeGreaterThan(0);
        for (const issue of outcome.issues) {
          expect(issue).toMatch(NAMED_ISSUE);
          expect(rawControls(issue)).toEqual([]);
        }
      } else {
        expect(outcome).toHaveProperty('profile');
      }
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('loadConfig given any text as JSON or YAML', () => {
  it('loads or throws a ConfigError of one-line issues, never another exception', () => {
    const property = fc.property(anyText, ({ name, text }) => {
      const outcome = load(name, text);

      if (outcome instanceof ConfigError) {
        expect(outcome.issues.length).toBeGreaterThan(0);
        for (const issue of outcome.issues) expect(issue).not.toMatch(/[\n\r]/);
      } else {
        expect(outcome).toHaveProperty('profile');
      }
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('loadConfig given a hostile key or broken JSON', () => {
  it('quotes an unknown key holding a newline and an ANSI escape', () => {
    const outcome = load('key.json', JSON.stringify({ 'a\n\u001b[2Jb': 1 }));

    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as ConfigError).issues).toEqual([
      '(top level): Unrecognized key: "a\\n\\u001b[2Jb"',
    ]);
  });

  it('escapes a C1 control and a line separator in a bad destination', () => {
    const doc = { exclude: { destinations: ['a\u009b2J\u2028b'] } };

    const outcome = load('destination.json', JSON.stringify(doc));

    expect((outcome as ConfigError).issues).toEqual([
      'exclude.destinations[0]: "a\\u009b2J\\u2028b" is not an IP address or CIDR range',
    ]);
  });

  it('keeps a JSON syntax error quoting a multi-line file to its first line', () => {
    const outcome = load('broken.json', '{\n"lookbackMs": 1,\n}');

    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as ConfigError).issues).toHaveLength(1);
    expect((outcome as ConfigError).issues[0]).toMatch(/^not valid JSON: [^\n]*$/);
  });
});
