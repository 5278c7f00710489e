import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor } from '../../src/cli/exit-codes.js';
import { InvalidCorrelatorOptionError } from '../../src/correlate/options.js';
import { AddonNotFoundError, ConfigError, KernelError, PrivilegeError } from '../../src/errors.js';
import { MetricsListenError } from '../../src/metrics/errors.js';
import {
  MissingReplayInputError,
  RecordFileError,
  ReplayInputError,
} from '../../src/replay/errors.js';
import { AlertFileError } from '../../src/sinks/errors.js';

describe('exitCodeFor each failure mode', () => {
  const cases = [
    { error: new ConfigError('rwxwatch.json', ['x: bad']), code: 78 },
    { error: new PrivilegeError('need CAP_BPF'), code: 77 },
    { error: new KernelError('BPF_LOAD_FAILED', 'verifier said no', 22, 'connect'), code: 69 },
    { error: new AddonNotFoundError([]), code: 69 },
    { error: new MissingReplayInputError(), code: 64 },
    { error: new ReplayInputError('audit.log', new Error('ENOENT')), code: 66 },
    { error: new RecordFileError('/run/x', new Error('ELOOP')), code: 73 },
    { error: new AlertFileError('/var/log/a.ndjson', new Error('EACCES')), code: 73 },
    { error: new MetricsListenError('127.0.0.1', 9464, 'EADDRINUSE'), code: 69 },
    { error: new InvalidCorrelatorOptionError('intervalMs', 0), code: 70 },
    { error: new Error('bug'), code: 70 },
    { error: 'a thrown string', code: 70 },
  ];

  it.each(cases)('maps $error.constructor.name to $code', ({ error, code }) => {
    const result = exitCodeFor(error);

    expect(result).toBe(code);
  });
});

describe('EXIT', () => {
  it('uses the sysexits.h values', () => {
    const codes = EXIT;

    expect(codes).toEqual({
      ok: 0,
      usage: 64,
      noInput: 66,
      unavailable: 69,
      software: 70,
      cantCreate: 73,
      noPermission: 77,
      config: 78,
    });
  });
});
