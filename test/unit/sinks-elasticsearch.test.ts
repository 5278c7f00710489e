import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCounters } from '../../src/sinks/counters.js';
import { ElasticsearchSink } from '../../src/sinks/elasticsearch/sink.js';
import { Spool } from '../../src/sinks/spool/spool.js';
import { fakeAlert } from '../support/alerts.js';
import { FakeElasticsearch } from '../support/fake-elasticsearch.js';

const log = pino({ level: 'silent' });
const OPTIONS = {
  namespace: 'default',
  queueMax: 1000,
  batchMax: 50,
  retries: 2,
  backoffMs: 5,
  maxBackoffMs: 50,
  closeTimeoutMs: 1000,
};

let dir: string;
let es: FakeElasticsearch;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rwxwatch-es-'));
  es = new FakeElasticsearch();
  await es.start();
});

afterEach(async () => {
  await es.stop();
  await rm(dir, { recursive: true, force: true });
});

async function openSink(): Promise<ElasticsearchSink> {
  const spool = await Spool.open(join(dir, 'spool'), 1024 * 1024, newCounters(), log);
  const client = new Client({ node: es.url, maxRetries: 0, requestTimeout: 2000 });
  return new ElasticsearchSink(client, spool, OPTIONS, log);
}

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `alert-${from + i}`);

describe('ElasticsearchSink with Elasticsearch up', () => {
  it('indexes every alert once, in order, into the data stream', async () => {
    const sink = await openSink();

    for (const id of ids(0, 120)) sink.write(fakeAlert(id));
    await expect.poll(() => es.indexed.length).toBe(120);
    await sink.close();

    expect(es.indexed).toEqual(ids(0, 120));
    expect(sink.index).toBe('logs-rwxwatch.alert-default');
    expect(sink.counters).toMatchObject({ written: 120, failed: 0, dropped: 0 });
  });

  it('counts a 400 item as failed without retrying it and retries a 429 item', async () => {
    let busyLeft = 2;
    es.verdict = (id) => {
      if (id === 'alert-3') return 'reject';
      if (id === 'alert-5' && busyLeft > 0) {
        busyLeft -= 1;
        return 'busy';
      }
      return 'accept';
    };
    const sink = await openSink();

    for (const id of ids(0, 10)) sink.write(fakeAlert(id));
    await expect.poll(() => sink.counters.written + sink.counters.failed).toBe(10);
    await sink.close();

    expect(es.indexed).not.toContain('alert-3');
    expect(es.indexed).toContain('alert-5');
    expect(busyLeft).toBe(0);
    expect(sink.counters).toMatchObject({ written: 9, failed: 1 });
  });
});

describe('ElasticsearchSink through an outage', () => {
  it('spools alerts while Elasticsearch is down and delivers them once, in order', async () => {
    const sink = await openSink();
    for (const id of ids(0, 20)) sink.write(fakeAlert(id));
    await expect.poll(() => es.indexed.length).toBe(20);

    await es.stop();
    for (const id of ids(20, 60)) sink.write(fakeAlert(id));
    await expect.poll(() => sink.counters.spooled).toBeGreaterThan(0);
    await es.start();
    for (const id of ids(60, 70)) sink.write(fakeAlert(id));
    await expect.poll(() => es.indexed.length, { timeout: 10_000 }).toBe(70);
    await sink.close();

    expect(es.indexed).toEqual(ids(0, 70));
    expect(sink.counters.written).toBe(70);
    expect(sink.counters.spoolBytes).toBe(0);
  });

  it('loses and duplicates nothing when the sensor restarts while it is down', async () => {
    const first = await openSink();
    for (const id of ids(0, 10)) first.write(fakeAlert(id));
    await expect.poll(() => es.indexed.length).toBe(10);
    await es.stop();
    for (const id of ids(10, 40)) first.write(fakeAlert(id));
    await first.close();

    const second = await openSink();
    for (const id of ids(40, 50)) second.write(fakeAlert(id));
    await es.start();
    await expect.poll(() => es.indexed.length, { timeout: 10_000 }).toBe(50);
    await second.close();

    expect(es.indexed).toEqual(ids(0, 50));
    expect(new Set(es.indexed).size).toBe(50);
    expect(second.counters.spoolBytes).toBe(0);
  });
});
