import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { INTERVAL_MS, LOOKBACK_MS, MAX_ALERTS_PER_INTERVAL } from '../../src/rules/rwx-network.js';
import { thrownBy } from './support/thrown.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rwxwatch-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configFile(text: string): string {
  const file = join(dir, 'rwxwatch.json');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig without a file', () => {
  it('uses the rule values and the documented settings as defaults', () => {
    const config = loadConfig(undefined, {});

    expect(config).toEqual({
      profile: 'parity',
      lookbackMs: LOOKBACK_MS,
      intervalMs: INTERVAL_MS,
      maxAlertsPerInterval: MAX_ALERTS_PER_INTERVAL,
      mprotectMode: 'auto',
      connectMode: 'auto',
      logLevel: 'info',
      ringBytes: 4 * 1024 * 1024,
      statsIntervalMs: 10_000,
      kernel: {
        filterDestinations: true,
        wakeupBytes: 65_536,
        pollIntervalMs: 20,
        aggregationRefreshMs: 60_000,
        processEntries: 65_536,
      },
      maxTrackedProcesses: 65_536,
      state: { saveIntervalMs: 60_000 },
      procRoot: '/proc',
      hostRoot: '/',
      processCacheEntries: 2048,
      dropCapabilities: true,
      sinks: [{ type: 'stdout' }],
      metrics: { enabled: false, host: '127.0.0.1', port: 9464 },
      exclude: {
        processNames: ['httpd'],
        executables: [],
        destinations: ['127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '::1'],
      },
    });
  });

  it('applies the command-line overrides', () => {
    const overrides = { lookbackMs: 120_000, connectMode: 'tp_btf' as const };

    const config = loadConfig(undefined, overrides);

    expect(config.lookbackMs).toBe(120_000);
    expect(config.connectMode).toBe('tp_btf');
  });

  it('keeps the default where an override is undefined', () => {
    const config = loadConfig(undefined, { lookbackMs: undefined, logLevel: undefined });

    expect(config.lookbackMs).toBe(LOOKBACK_MS);
    expect(config.logLevel).toBe('info');
  });
});

describe('loadConfig with a JSON file', () => {
  it('reads the settings from the file', () => {
    const file = configFile('{ "intervalMs": 60000, "ringBytes": 65536, "logLevel": "warn" }');

    const config = loadConfig(file, {});

    expect(config.intervalMs).toBe(60_000);
    expect(config.ringBytes).toBe(65_536);
    expect(config.logLevel).toBe('warn');
    expect(config.lookbackMs).toBe(LOOKBACK_MS);
  });

  it('lets an override win over the same key in the file', () => {
    const file = configFile('{ "lookbackMs": 60000, "mprotectMode": "kprobe" }');

    const config = loadConfig(file, { lookbackMs: 30_000 });

    expect(config.lookbackMs).toBe(30_000);
    expect(config.mprotectMode).toBe('kprobe');
  });
});

describe('loadConfig with invalid settings', () => {
  it('rejects an unknown key and names it', () => {
    const file = configFile('{ "lookback": 60000 }');

    const error = thrownBy(() => loadConfig(file, {}), ConfigError);

    expect(error.source).toBe(file);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toContain('lookback');
    expect(error.message).toContain(file);
  });

  it('reports every bad key at once, each by name', () => {
    const file = configFile('{ "lookbackMs": -1, "connectMode": "fast", "ringBytes": 5000 }');

    const error = thrownBy(() => loadConfig(file, {}), ConfigError);

    const keys = error.issues.map((issue) => issue.split(':')[0]);
    expect(keys.sort()).toEqual(['connectMode', 'lookbackMs', 'ringBytes']);
  });

  it('rejects ringBytes that is not a power of two', () => {
    const error = thrownBy(() => loadConfig(undefined, { ringBytes: 3 * 4096 }), ConfigError);

    expect(error.issues).toEqual(['ringBytes: must be a power of two']);
  });

  it('names the command line as the source when there is no file', () => {
    const error = thrownBy(() => loadConfig(undefined, { lookbackMs: 0 }), ConfigError);

    expect(error.source).toBe('command line');
    expect(error.issues[0]).toMatch(/^lookbackMs: /);
  });
});

describe('loadConfig with a file it cannot use', () => {
  const topLevels = ['[1, 2]', '"9m"', '42', 'null'];

  it.each(topLevels)('rejects %s as the top level', (text) => {
    const file = configFile(text);

    const error = thrownBy(() => loadConfig(file, {}), ConfigError);

    expect(error.issues).toEqual(['the top level must be an object']);
  });

  it('reports a file it cannot read', () => {
    const file = join(dir, 'missing.json');

    const error = thrownBy(() => loadConfig(file, {}), ConfigError);

    expect(error.source).toBe(file);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^cannot read: .*ENOENT/);
  });

  it('reports a file that is not valid JSON', () => {
    const file = configFile('{ "lookbackMs": ');

    const error = thrownBy(() => loadConfig(file, {}), ConfigError);

    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^not valid JSON: /);
  });
});

describe('loadConfig kernel settings', () => {
  it('rejects a poll interval of zero, naming the key', () => {
    const load = (): unknown => loadConfig(undefined, { kernel: { pollIntervalMs: 0 } });

    expect(load).toThrow(/kernel\.pollIntervalMs/);
  });

  it('keeps the other kernel defaults when one is set', () => {
    const config = loadConfig(undefined, { kernel: { filterDestinations: false } });

    expect(config.kernel).toEqual({
      filterDestinations: false,
      wakeupBytes: 65_536,
      pollIntervalMs: 20,
      aggregationRefreshMs: 60_000,
      processEntries: 65_536,
    });
  });
});
