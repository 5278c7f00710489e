// Sinks that fail, on the real sensor: an alert file on a full disk must not cost the
// other sinks or detection anything, a stop while Elasticsearch is down must end in
// bounded time with the undelivered alert kept in the spool and no program left, and an
// alert file that could block a stop for good (a pipe nobody reads) is refused at start.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeElasticsearch } from '../support/fake-elasticsearch.js';
import { sh, shQuiet } from './support/commands.js';
import { PORT } from './support/live-scenario.js';
import { freePort } from './support/ports.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { Scrape } from './support/scrape.js';
import { type Json, SensorProcess } from './support/sensor-process.js';
import { TestNet } from './support/test-net.js';
import { Trigger } from './support/trigger.js';

const BIN = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
const skip = announceSkip('sink faults', kernelSkipReason());
/** What the sensor promises for a stop: the sinks' own limit (5 s) and room to detach. */
const STOP_LIMIT_MS = 10_000;

/** Fills a small tmpfs until not one more page fits. */
function fillDisk(dir: string): void {
  try {
    writeFileSync(join(dir, 'filler'), Buffer.alloc(1024 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  expect(() => writeFileSync(join(dir, 'probe'), 'x')).toThrow(/ENOSPC/);
  rmSync(join(dir, 'probe'), { force: true });
}

function loadedProgramIds(): number[] {
  const programs = JSON.parse(sh('bpftool', ['prog', 'show', '--json'])) as { id: number }[];
  return programs.map((program) => program.id);
}

/** event.id of every alert in the spool's segment files. */
function spooledIds(spoolDir: string): string[] {
  const segments = readdirSync(spoolDir).filter((name) => name.endsWith('.ndjson'));

  return segments
    .sort()
    .flatMap((name) => readFileSync(join(spoolDir, name), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line).event.id);
}

describe.skipIf(skip)('rwxwatch run with sinks that fail', () => {
  let dir: string;
  let net: TestNet;
  let trigger: Trigger;
  let sensor: SensorProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-faults-'));
    net = TestNet.create();
    trigger = Trigger.build();
    await net.listen(PORT);
  });

  afterEach(async () => {
    await sensor?.stop('SIGKILL');
    sensor = undefined;
  });

  afterAll(() => {
    net?.dispose();
    trigger?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startSensor(name: string, config: object): Promise<SensorProcess> {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(config));
    sensor = await SensorProcess.start(['-c', file]);
    return sensor;
  }

  async function triggerAlert(live: SensorProcess): Promise<Json> {
    const [command, argv] = net.inClient(trigger.path, [net.serverV4, String(PORT)]);
    const { pid } = await trigger.run(command, argv);

    await live.waitFor(() => live.alertsFor(pid).length > 0, 5_000, `alert of ${pid}`);
    return live.alertsFor(pid)[0] as Json;
  }

  describe('an alert file on a full disk', () => {
    const elasticsearch = new FakeElasticsearch();
    let full: string;

    beforeAll(async () => {
      full = join(dir, 'full');
      mkdirSync(full);
      sh('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'rwxwatch-faults', full]);
      fillDisk(full);
      await elasticsearch.start();
    });

    afterAll(async () => {
      await elasticsearch.stop();
      shQuiet('umount', [full]);
    });

    it('costs stdout, Elasticsearch and detection nothing, and is logged and counted', async () => {
      const live = await startSensor('full-disk', {
        metrics: { enabled: true, port: 0 },
        sinks: [
          { type: 'stdout' },
          { type: 'file', path: join(full, 'alerts.ndjson') },
          { type: 'elasticsearch', node: elasticsearch.url, spoolDir: join(dir, 'spool-ok') },
        ],
      });

      const first = await triggerAlert(live);
      await live.waitFor(() => live.findLog('alert file write failed') !== undefined, 5_000, 'log');
      const second = await triggerAlert(live);

      const ids = [first.event.id, second.event.id];
      await expect.poll(() => elasticsearch.indexed).toEqual(ids);
      const outcome = (sink: string, what: string) => async () =>
        (await Scrape.of(live)).value('rwxwatch_sink_alerts_total', { sink, outcome: what });
      await expect.poll(outcome('file[1]', 'failed')).toBe(2);
      expect(await outcome('file[1]', 'written')()).toBe(0);
      expect(await outcome('stdout[0]', 'written')()).toBe(2);
      await expect.poll(outcome('elasticsearch[2]', 'written')).toBe(2);
      expect(live.alerts.map((alert) => alert.event.id)).toEqual(ids);
      const failures = live.logs.filter((line) => line.msg === 'alert file write failed');
      // Logged when the failure starts, not once per alert.
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ level: 40, err: { code: 'ENOSPC' }, lost: 1 });
    });
  });

  describe('a stop while Elasticsearch is down and an alert is waiting for it', () => {
    it.each(['SIGTERM', 'SIGINT'] as const)(
      'exits 0 on %s in bounded time, keeps the alert in the spool and detaches',
      async (signal) => {
        const spoolDir = join(dir, `spool-${signal}`);
        const node = `http://127.0.0.1:${await freePort()}`;
        const live = await startSensor(`down-${signal}`, {
          sinks: [{ type: 'stdout' }, { type: 'elasticsearch', node, spoolDir }],
        });
        const programIds: number[] = live.findLog('sensor ready')?.programIds ?? [];
        const alert = await triggerAlert(live);
        // Retries with backoff take 3.5 s before a batch moves to the spool.
        expect(spooledIds(spoolDir)).toEqual([]);

        const startedAt = performance.now();
        const code = await Promise.race([live.stop(signal), timeAfter(STOP_LIMIT_MS)]);
        const stopMs = performance.now() - startedAt;
        process.stderr.write(
          `faults: ${signal} with Elasticsearch down: stopped in ${Math.round(stopMs)} ms\n`,
        );

        expect(code).toBe(0);
        expect(stopMs).toBeLessThan(STOP_LIMIT_MS);
        expect(spooledIds(spoolDir)).toEqual([alert.event.id]);
        expect(programIds.length).toBeGreaterThan(0);
        // The kernel frees a program once its last reference is gone, not at once.
        await expect
          .poll(() => loadedProgramIds().filter((id) => programIds.includes(id)))
          .toEqual([]);
      },
    );
  });

  describe('an alert file that is a pipe nobody reads', () => {
    let reader: number | undefined;

    afterAll(() => {
      if (reader !== undefined) closeSync(reader);
    });

    // A named pipe whose reader never reads, already full: a write to it would block in
    // the kernel, where no close can cancel it and the sensor could never exit.
    function stuckPipe(path: string): void {
      sh('mkfifo', ['-m', '0600', path]);
      reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        for (;;) writeSync(writer, Buffer.alloc(4096));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      } finally {
        closeSync(writer);
      }
    }

    it('is refused at start with exit 73, so no stop can hang on it', () => {
      const pipe = join(dir, 'stuck-alerts');
      stuckPipe(pipe);
      const config = join(dir, 'stuck.json');
      writeFileSync(config, JSON.stringify({ sinks: [{ type: 'file', path: pipe }] }));

      const result = spawnSync(process.execPath, [BIN, 'run', '-c', config], {
        encoding: 'utf8',
        timeout: STOP_LIMIT_MS,
      });

      const last = result.stderr.trim().split('\n').at(-1) ?? '';
      expect(result.status).toBe(73);
      expect(JSON.parse(last)).toMatchObject({
        msg: 'sensor cannot start',
        error: { code: 'ALERT_FILE_UNWRITABLE', path: pipe },
      });
    });
  });
});

function timeAfter(ms: number): Promise<'timed out'> {
  return new Promise((resolve) => setTimeout(() => resolve('timed out'), ms));
}
