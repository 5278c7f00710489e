import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildAlert, type EcsAlert } from '../../src/alerts/ecs.js';
import type { AlertProcessContext } from '../../src/enrich/types.js';
import { alertSummary, quoteUntrusted } from '../../src/log/alert-summary.js';
import { HOST_ID, kernelContext, matchOf, payloadEvent } from './support/enrich.js';
import { hostileName, hostileText, RUNS, rawControls } from './support/hostile.js';

const CTX = { host: { id: HOST_ID, name: 'web-01' }, nowMs: Date.UTC(2024, 0, 1), id: 'a-1' };

interface Untrusted {
  name: string;
  threadName: string;
  executable: string;
  args: string[];
  cwd: string;
  parentName: string;
  cgroupPath: string;
}

const untrusted = fc.record({
  name: hostileName,
  threadName: hostileName,
  executable: hostileText,
  args: fc.array(hostileText, { minLength: 1, maxLength: 4 }),
  cwd: hostileText,
  parentName: hostileName,
  cgroupPath: hostileText,
});

const BENIGN: Untrusted = {
  name: 'payload',
  threadName: 'worker',
  executable: '/tmp/.x/payload',
  args: ['./payload', '--beacon'],
  cwd: '/tmp/.x',
  parentName: 'bash',
  cgroupPath: '/system.slice/x.service',
};

/** Every optional field set, so the benign alert shows every key an alert may have. */
function processContext(s: Untrusted): AlertProcessContext {
  return {
    entityId: 'entity-1',
    start: '2024-01-01T00:00:00.000Z',
    executable: s.executable,
    args: s.args,
    argsCount: s.args.length,
    argsTruncated: true,
    workingDirectory: s.cwd,
    parent: { pid: 900, name: s.parentName, executable: s.executable },
    vpid: 7,
    user: { id: '1000', name: 'alice' },
    effectiveUser: { id: '0', name: 'root' },
    group: { id: '1000', name: 'alice' },
    effectiveGroup: { id: '0', name: 'root' },
    container: { id: 'c0ffee', runtime: 'containerd' },
    podUid: 'pod-1',
    cgroupPath: s.cgroupPath,
    kernel: {
      executableName: s.name,
      executableDevice: '2049',
      executableInode: '131077',
      pidNamespaceInode: '4026532555',
      cgroupId: '8888',
    },
    connectionEntityId: 'entity-2',
    enrichment: { readOn: 'alert', readAtMs: 0, missing: [{ field: 'f', reason: s.cwd }] },
  };
}

/** An enriched alert and a replayed one (no enrichment, executable from the input). */
function alertsFor(s: Untrusted): EcsAlert[] {
  const event = payloadEvent({
    name: s.name,
    threadName: s.threadName,
    executable: s.executable,
    context: kernelContext({ exeName: s.name }),
  });
  const match = matchOf(event);
  match.connect.threadName = s.threadName;

  return [buildAlert(match, { ...CTX, process: processContext(s) }), buildAlert(match, CTX)];
}

// Array positions read as [] so that a longer args list adds no new path.
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((child) => keyPaths(child, `${prefix}[]`));
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }

  return Object.entries(value).flatMap(([key, child]) => {
    const path = `${prefix}.${key}`;
    return [path, ...keyPaths(child, path)];
  });
}

const ALLOWED_KEYS = new Set(alertsFor(BENIGN).flatMap((alert) => keyPaths(alert)));

describe('buildAlert given hostile names, paths and args', () => {
  it('serialises to one line that parses back to the same alert', () => {
    const property = fc.property(untrusted, (s) => {
      const alerts = alertsFor(s);

      const lines = alerts.map((alert) => JSON.stringify(alert));

      for (const [i, line] of lines.entries()) {
        expect(line).not.toMatch(/[\n\r]/);
        expect(JSON.parse(line)).toEqual(alerts[i]);
      }
    });

    fc.assert(property, { numRuns: RUNS });
  });

  it('keeps every hostile string a value: no key outside the benign alert', () => {
    const property = fc.property(untrusted, (s) => {
      const alerts = alertsFor(s);

      const paths = alerts.flatMap((alert) => keyPaths(alert));

      expect(paths.filter((path) => !ALLOWED_KEYS.has(path))).toEqual([]);
    });

    fc.assert(property, { numRuns: RUNS });
  });

  it('carries each hostile string unchanged in its field', () => {
    const property = fc.property(untrusted, (s) => {
      const [enriched, replayed] = alertsFor(s) as [EcsAlert, EcsAlert];

      const parsed = JSON.parse(JSON.stringify(enriched)) as EcsAlert;

      expect(parsed.process.name).toBe(s.name);
      expect(parsed.process.thread.name).toBe(s.threadName);
      expect(parsed.process.executable).toBe(s.executable);
      expect(parsed.process.args).toEqual(s.args);
      expect(parsed.process.working_directory).toBe(s.cwd);
      expect(replayed.process.executable).toBe(s.executable);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('alertSummary given any process name', () => {
  it('stays one line without raw control characters', () => {
    const property = fc.property(fc.oneof(hostileName, hostileText), (name) => {
      const [alert] = alertsFor({ ...BENIGN, name }) as [EcsAlert];

      const line = alertSummary(alert);

      expect(rawControls(line)).toEqual([]);
      expect(line.startsWith('ALERT rwx+connect pid=4242 name="')).toBe(true);
    });

    fc.assert(property, { numRuns: RUNS });
  });

  it('quotes the name so that it reads back as the same string', () => {
    const property = fc.property(fc.oneof(hostileName, hostileText), (name) => {
      const quoted = quoteUntrusted(name);

      expect(JSON.parse(quoted)).toBe(name);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

describe('a pino logger given a hostile nested field', () => {
  it('writes exactly one JSON line per call', () => {
    const property = fc.property(untrusted, (s) => {
      const chunks: string[] = [];
      const log = pino({ level: 'trace' }, memoryStream(chunks));
      const fields = { process: { name: s.name, executable: s.executable, args: s.args } };

      log.warn(fields, 'alert raised');

      const text = chunks.join('');
      expect(text.endsWith('\n')).toBe(true);
      expect(text.slice(0, -1)).not.toMatch(/[\n\r]/);
      expect(JSON.parse(text).process).toEqual(fields.process);
    });

    fc.assert(property, { numRuns: RUNS });
  });
});

// pino hands each line to write() as a string, synchronously.
function memoryStream(chunks: string[]): { write(line: string): void } {
  return { write: (line: string) => chunks.push(line) };
}
