// One alert, three sinks at once: the real sensor writes it to stdout, to an alert file
// and to an Elasticsearch bulk endpoint (a local server speaking the bulk API).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeElasticsearch } from '../support/fake-elasticsearch.js';
import { LiveScenario, PORT } from './support/live-scenario.js';
import { announceSkip, kernelSkipReason } from './support/privileges.js';
import { SensorProcess } from './support/sensor-process.js';

const skip = announceSkip('alert sinks', kernelSkipReason());

describe.skipIf(skip)('rwxwatch run with stdout, file and Elasticsearch sinks', () => {
  const elasticsearch = new FakeElasticsearch();
  let live: LiveScenario;
  let sensor: SensorProcess;
  let dir: string;
  let alertFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rwxwatch-sinks-'));
    alertFile = join(dir, 'alerts.ndjson');
    await elasticsearch.start();
    const config = join(dir, 'sinks.json');
    writeFileSync(
      config,
      JSON.stringify({
        sinks: [
          { type: 'stdout' },
          { type: 'file', path: alertFile },
          { type: 'elasticsearch', node: elasticsearch.url, spoolDir: join(dir, 'spool') },
        ],
      }),
    );
    live = await LiveScenario.start();
    sensor = await SensorProcess.start(['-c', config]);
  });

  afterAll(async () => {
    await sensor?.stop('SIGKILL');
    await live?.dispose();
    await elasticsearch.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the same alert to all three', async () => {
    const pid = await live.run(live.net.serverV4, String(PORT));
    await sensor.waitFor(() => sensor.alertsFor(pid).length > 0, 5_000, 'stdout alert');
    const id: string = sensor.alertsFor(pid)[0]?.event.id;

    const inFile = (): string[] =>
      readFileSync(alertFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).event.id);
    await expect.poll(inFile).toContain(id);
    await expect.poll(() => elasticsearch.indexed).toContain(id);
    expect(statSync(alertFile).mode & 0o777).toBe(0o600);
  });
});
