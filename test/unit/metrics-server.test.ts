import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsListenError } from '../../src/metrics/errors.js';
import { report } from '../../src/metrics/health.js';
import { MetricsServer } from '../../src/metrics/server.js';

const open: MetricsServer[] = [];

async function listen(): Promise<MetricsServer> {
  const server = await MetricsServer.listen(new Registry(), '127.0.0.1', 0);
  open.push(server);
  return server;
}

async function get(server: MetricsServer, path: string) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return { status: response.status, body: await response.text() };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

describe('MetricsServer before a sensor is attached', () => {
  it('answers both probes 503 STARTING', async () => {
    const server = await listen();

    const replies = [await get(server, '/healthz'), await get(server, '/readyz')];

    const starting = { status: 503, body: expect.stringContaining('"code":"STARTING"') };
    expect(replies).toEqual([starting, starting]);
  });
});

describe('MetricsServer with a sensor attached', () => {
  it('answers 200 ok while healthy and 503 with the problems when not', async () => {
    const server = await listen();
    const detached = report([{ code: 'POLLER_STOPPED', errno: 4 }]);
    server.attach({ liveness: () => report([]), readiness: () => detached });

    const live = await get(server, '/healthz');
    const ready = await get(server, '/readyz');

    expect(live).toEqual({ status: 200, body: '{"status":"ok"}\n' });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual(detached);
  });

  it('serves the registry at /metrics and 404 elsewhere', async () => {
    const server = await listen();

    const metrics = await get(server, '/metrics');
    const other = await get(server, '/other');

    expect(metrics.status).toBe(200);
    expect(other.status).toBe(404);
  });
});

describe('MetricsServer on a port already in use', () => {
  it('throws METRICS_LISTEN_FAILED naming the address', async () => {
    const first = await listen();

    const second = MetricsServer.listen(new Registry(), '127.0.0.1', first.port);

    await expect(second).rejects.toBeInstanceOf(MetricsListenError);
    await expect(second).rejects.toMatchObject({
      code: 'METRICS_LISTEN_FAILED',
      port: first.port,
      reason: 'EADDRINUSE',
    });
  });
});
