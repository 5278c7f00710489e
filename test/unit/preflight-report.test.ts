import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/check.js';
import { AddonNotFoundError } from '../../src/errors.js';
import { formatText, toJson } from '../../src/preflight/report.js';
import { runPreflight } from '../../src/preflight/run-checks.js';
import { CHECK_IDS } from '../../src/preflight/types.js';
import { failingBinding, openingBinding } from './support/fake-binding.js';
import { type FakeHost, typicalHost } from './support/fake-host.js';

let host: FakeHost;

afterEach(() => host.remove());

describe('runPreflight on a capable host', () => {
  it('has no blocker and reports every check in order', () => {
    host = typicalHost();

    const preflight = runPreflight({ reader: host.reader, euid: 0, loadBinding: openingBinding });

    expect(preflight.blocker).toBe('none');
    expect(preflight.checks.map((check) => check.id)).toEqual([...CHECK_IDS]);
    expect(exitCodeOf(preflight)).toBe(0);
  });

  it('prints one PASS/WARN line per check, hints under warnings, and a verdict', () => {
    host = typicalHost();
    const preflight = runPreflight({ reader: host.reader, euid: 0, loadBinding: openingBinding });

    const text = formatText(preflight, 0);

    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('PASS  kernel       kernel 6.1.0-18-amd64');
    expect(lines).toContain('WARN  kprobes      kprobes unavailable (CONFIG_KPROBES is not set)');
    expect(lines).toContain('PASS  modes        mprotect=tracepoint connect=tp_btf exit=tp_btf');
    expect(lines.filter((line) => line.trimStart().startsWith('hint: '))).toHaveLength(1);
    expect(lines.at(-1)).toBe('the sensor can run here');
  });

  it('gives a JSON document with stable keys for every check', () => {
    host = typicalHost();
    const preflight = runPreflight({ reader: host.reader, euid: 0, loadBinding: openingBinding });

    const json = JSON.parse(JSON.stringify(toJson(preflight, 0)));

    expect(Object.keys(json)).toEqual(['status', 'exitCode', 'checks']);
    expect(json.status).toBe('warn');
    expect(json.exitCode).toBe(0);
    expect(Object.keys(json.checks)).toEqual([...CHECK_IDS]);
    for (const id of CHECK_IDS) {
      expect(Object.keys(json.checks[id])).toEqual(['status', 'summary', 'hint', 'facts']);
    }
    expect(json.checks.btf.hint).toBeNull();
    expect(json.checks.modes.facts.modes).toEqual({
      mprotect: 'tracepoint',
      connect: 'tp_btf',
      exit: 'tp_btf',
    });
  });
});

describe('runPreflight as an unprivileged user', () => {
  it('blocks on permission without opening the sensor', () => {
    host = typicalHost().file('/proc/self/status', 'CapEff:\t0000000000000000\n');
    const binding = openingBinding();

    const preflight = runPreflight({
      reader: host.reader,
      euid: 65534,
      loadBinding: () => binding,
    });

    expect(preflight.blocker).toBe('permission');
    expect(exitCodeOf(preflight)).toBe(77);
    expect(binding.opened).toBe(0);
    expect(formatText(preflight, 77)).toContain('hint: run as root or grant CAP_BPF,CAP_PERFMON');
  });
});

describe('runPreflight when the kernel refuses the probe', () => {
  it('blocks on permission for EPERM despite capabilities', () => {
    host = typicalHost();

    const preflight = runPreflight({
      reader: host.reader,
      euid: 0,
      loadBinding: () => failingBinding('BPF_LOAD_FAILED', 1),
    });

    expect(preflight.blocker).toBe('permission');
  });

  it('is unavailable (69) for any other failure', () => {
    host = typicalHost();

    const preflight = runPreflight({
      reader: host.reader,
      euid: 0,
      loadBinding: () => failingBinding('BPF_ATTACH_FAILED', 95, 'connect'),
    });

    expect(preflight.blocker).toBe('unavailable');
    expect(exitCodeOf(preflight)).toBe(69);
    expect(formatText(preflight, 69)).toMatch(/the sensor cannot run here \(exit 69\)\n$/);
  });
});

describe('runPreflight without the native addon', () => {
  it('fails the modes line with a hint to install the libraries or build', () => {
    host = typicalHost();
    const missing = () => {
      throw new AddonNotFoundError([]);
    };

    const preflight = runPreflight({ reader: host.reader, euid: 0, loadBinding: missing });

    const modes = preflight.checks.find((check) => check.id === 'modes');
    expect(preflight.blocker).toBe('unavailable');
    expect(modes?.hint).toBe(
      'install libbpf 1.x, libelf and zlib, or in a clone run npm run build',
    );
  });

  it('lets an unexpected loader error through', () => {
    host = typicalHost();
    const broken = () => {
      throw new RangeError('boom');
    };

    const act = () => runPreflight({ reader: host.reader, euid: 0, loadBinding: broken });

    expect(act).toThrow(RangeError);
  });
});
