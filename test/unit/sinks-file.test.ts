import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSink } from '../../src/sinks/file/file-sink.js';
import { fakeAlert } from '../support/alerts.js';

const log = pino({ level: 'silent' });
const CHILD = new URL('../support/file-sink-child.ts', import.meta.url).pathname;
const REGISTER = new URL('../support/register-ts.mjs', import.meta.url).pathname;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rwxwatch-file-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const idsIn = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { event: { id: string } }).event.id);

describe('FileSink on a new file', () => {
  it('creates it 0600 and appends one JSON line per alert', async () => {
    const path = join(dir, 'alerts.ndjson');
    const sink = await FileSink.open({ path, maxBytes: 1 << 20, keep: 2, queueMax: 100 }, log);

    sink.write(fakeAlert('a'));
    sink.write(fakeAlert('b'));
    await sink.close();

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(idsIn(await readFile(path, 'utf8'))).toEqual(['a', 'b']);
    expect(sink.counters).toMatchObject({ written: 2, failed: 0, dropped: 0 });
  });

  it('creates the directories it lives in, readable by root only', async () => {
    const path = join(dir, 'var', 'log', 'rwxwatch', 'alerts.ndjson');
    const sink = await FileSink.open({ path, maxBytes: 1 << 20, keep: 2, queueMax: 100 }, log);

    sink.write(fakeAlert('a'));
    await sink.close();

    expect((await stat(join(dir, 'var', 'log', 'rwxwatch'))).mode & 0o777).toBe(0o700);
    expect(idsIn(await readFile(path, 'utf8'))).toEqual(['a']);
  });
});

describe('FileSink past maxBytes', () => {
  it('rotates to path.1 … path.keep, each within maxBytes, the oldest dropped', async () => {
    const path = join(dir, 'alerts.ndjson');
    const sink = await FileSink.open({ path, maxBytes: 1024, keep: 2, queueMax: 100 }, log);
    const line = Buffer.byteLength(`${JSON.stringify(fakeAlert('id-00', 300))}\n`);

    for (let n = 0; n < 12; n += 1) sink.write(fakeAlert(`id-${String(n).padStart(2, '0')}`, 300));
    await sink.close();

    const perFile = Math.floor(1024 / line);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['alerts.ndjson', 'alerts.ndjson.1', 'alerts.ndjson.2']);
    for (const name of names) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(1024);
    const kept = [
      ...idsIn(await readFile(`${path}.2`, 'utf8')),
      ...idsIn(await readFile(`${path}.1`, 'utf8')),
      ...idsIn(await readFile(path, 'utf8')),
    ];
    expect(kept.at(-1)).toBe('id-11');
    expect(idsIn(await readFile(`${path}.1`, 'utf8'))).toHaveLength(perFile);
    expect((await stat(`${path}.1`)).mode & 0o777).toBe(0o600);
  });
});

describe('FileSink with a full queue', () => {
  it('drops and counts the alerts past queueMax', async () => {
    const path = join(dir, 'alerts.ndjson');
    const sink = await FileSink.open({ path, maxBytes: 1 << 20, keep: 1, queueMax: 3 }, log);

    for (let n = 0; n < 5; n += 1) sink.write(fakeAlert(`id-${n}`));
    await sink.close();

    expect(idsIn(await readFile(path, 'utf8'))).toEqual(['id-0', 'id-1', 'id-2']);
    expect(sink.counters).toMatchObject({ written: 3, dropped: 2 });
  });
});

describe('FileSink killed with SIGKILL while writing', () => {
  it('holds every acknowledged alert, in order, and only whole lines', async () => {
    const path = join(dir, 'alerts.ndjson');
    const child = spawn(process.execPath, ['--import', REGISTER, CHILD, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = -1;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split('\n');
      acked = Number(lines.at(-2) ?? -1);
    });

    await expect.poll(() => acked, { timeout: 20_000 }).toBeGreaterThan(500);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const ackedAtKill = acked;
    const text = await readFile(path, 'utf8');

    expect(text.endsWith('\n')).toBe(true);
    const ids = idsIn(text);
    expect(ids.length).toBeGreaterThan(ackedAtKill);
    expect(ids.slice(0, ackedAtKill + 1)).toEqual(
      Array.from({ length: ackedAtKill + 1 }, (_, n) => `alert-${n}`),
    );
  });
});
